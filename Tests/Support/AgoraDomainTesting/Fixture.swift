// Domain builders every test target that states domain cases shares (the domain's tests and the store's codec
// tests): small values so each test states only what it is about.
public import AgoraDomain
public import FoundationEssentials

/// Small builders so each test states only what it is about.
public enum Fixture {
    /// `2030-06-15T<hh:mm>:00+02:00` (Luxembourg summer time), the day of the sample event.
    public static func at(_ hourMinute: String, day: Int = 15) -> Instant {
        let paddedDay = day < 10 ? "0\(day)" : "\(day)"
        guard let instant = Instant(rfc3339: "2030-06-\(paddedDay)T\(hourMinute):00+02:00") else {
            preconditionFailure("bad fixture time \(hourMinute)")
        }
        return instant
    }

    public static func slot(_ id: String, _ start: String, _ end: String? = nil, day: Int = 15, endDay: Int? = nil,
                     track: String? = nil, kind: SlotKind = .talk) -> ProgrammeSlot {
        ProgrammeSlot(id: id, startsAt: at(start, day: day), endsAt: end.map { at($0, day: endDay ?? day) }, kind: kind,
                      title: .de("Slot \(id)"), track: track)
    }

    public static func event(
        id: String = "sample-2030", registration: RegistrationPolicy = .none,
        programme: [ProgrammeSlot] = [], partnerIds: [String] = [], status: EventStatus = .scheduled
    ) -> Event {
        // The tracks the slots name are declared (named by their ids), as an organiser's event must.
        Event(id: id, title: .fr("Journée sociale"), startsAt: at("09:00"), endsAt: at("17:00"),
              timeZone: "Europe/Luxembourg", defaultLanguage: "de", status: status,
              registration: registration, programme: programme, partnerIds: partnerIds).declaringReferencedTracksAndRooms()
    }

    public static func rules(capacity: Int? = nil, waitingList: WaitingList? = nil, opensAt: Instant? = nil,
                      deadline: Instant? = nil) -> RegistrationPolicy {
        .required(RegistrationRules(opensAt: opensAt, deadline: deadline, capacity: capacity, waitingList: waitingList))
    }

    public static func request(_ id: String, event: String = "sample-2030", email: String? = nil, slot: String? = nil,
                        at time: Instant = Instant(rfc3339: "2030-06-01T10:00:00Z") ?? Instant(secondsSince1970: 0))
        -> RegistrationRequest {
        RegistrationRequest(id: id, eventId: event, slotId: slot, name: "Person \(id)",
                            email: email ?? "\(id)@example.lu", organisation: "Asbl \(id)", language: "fr",
                            requestedAt: time)
    }

    /// A state holding one event, built through commands like the API would.
    public static func state(with event: Event, partners: [Partner] = []) throws -> AgoraState {
        var state = AgoraState()
        for partner in partners { _ = try state.apply(.createPartner(partner: partner)) }
        _ = try state.apply(.createEvent(event: event))
        return state
    }
}

extension AgoraState {
    /// Applies and returns the outcome, for tests that chain commands.
    @discardableResult
    public mutating func run(_ command: Command) throws -> CommandOutcome {
        try apply(command)
    }
}

/// The encoder the store uses: sorted keys, so equal values give equal bytes.
public enum JSONEncoderForTests {
    public static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }
}
