/// Everything Agora knows, as one immutable value. Readers keep the value they got; a command
/// produces the next value (`applying`) or mutates a uniquely owned one in place (`apply`).
///
/// JSON (the store's snapshot): `{"events": {id: Event}, "partners": {id: Partner},
/// "registrations": {id: Registration}, "registrationSequence": n}`; the store encodes with sorted
/// keys, which makes the text stable. Per-event registration ledgers are derived, never encoded,
/// and rebuilt on decoding; equality ignores them since they follow from the registrations.
public struct AgoraState: Sendable {
    public internal(set) var events: [String: Event]
    public internal(set) var partners: [String: Partner]
    public internal(set) var registrations: [String: Registration]
    /// The sequence number given to the last registration (0 when none yet).
    public internal(set) var registrationSequence: Int

    /// Derived index per event id, kept so that registering and cancelling stay O(1)-ish with a
    /// million registrations instead of scanning them all.
    var ledgers: [String: EventLedger]

    public init() {
        self.events = [:]
        self.partners = [:]
        self.registrations = [:]
        self.registrationSequence = 0
        self.ledgers = [:]
    }

    public static let empty = AgoraState()
}

/// The registrations of one event, as counts and orders derived from `AgoraState.registrations`.
struct EventLedger: Sendable {
    /// Ids of every registration of the event, in order of arrival.
    var all: [String] = []
    var confirmed = 0
    /// Ids of waitlisted registrations, first to be promoted first.
    var waitlist: ArraySlice<String> { waitlistStorage[waitlistStart...] }
    /// Entries before `waitlistStart` were promoted already; they stay until a compaction so that
    /// promoting is O(1) even with a long waiting list.
    private var waitlistStorage: [String] = []
    private var waitlistStart = 0
    /// `activeKey(slotId, email)` → id, for refusing a second active registration of one address.
    var activeByEmail: [String: String] = [:]

    static func activeKey(slotId: String?, email: String) -> String {
        "\(slotId ?? "")\u{1F}\(email.lowercased())"
    }

    mutating func add(_ registration: Registration) {
        all.append(registration.id)
        switch registration.status {
        case .confirmed: confirmed += 1
        case .waitlisted: waitlistStorage.append(registration.id)
        case .cancelled: break
        }
        if registration.status != .cancelled, let data = registration.personalData {
            activeByEmail[Self.activeKey(slotId: registration.slotId, email: data.email)] = registration.id
        }
    }

    /// Takes a registration that was `previousStatus` out of the counts (it was just cancelled).
    mutating func remove(_ registration: Registration, previousStatus: RegistrationStatus) {
        switch previousStatus {
        case .confirmed: confirmed -= 1
        case .waitlisted:
            if let index = waitlistStorage[waitlistStart...].firstIndex(of: registration.id) {
                waitlistStorage.remove(at: index)
            }
        case .cancelled: break
        }
        forgetEmail(of: registration)
    }

    /// Frees the registration's e-mail for a new registration (after cancellation or erasure).
    mutating func forgetEmail(of registration: Registration) {
        guard let data = registration.personalData else { return }
        let key = Self.activeKey(slotId: registration.slotId, email: data.email)
        if activeByEmail[key] == registration.id { activeByEmail[key] = nil }
    }

    mutating func promoteFirst() {
        guard waitlistStart < waitlistStorage.count else { return }
        waitlistStart += 1
        confirmed += 1
        if waitlistStart >= 1024, waitlistStart * 2 >= waitlistStorage.count {
            waitlistStorage.removeFirst(waitlistStart)
            waitlistStart = 0
        }
    }
}

extension AgoraState {
    /// Recomputes the ledgers from the registrations (after decoding a snapshot).
    static func ledgers(for registrations: [String: Registration]) -> [String: EventLedger] {
        var ledgers: [String: EventLedger] = [:]
        for registration in registrations.values.sorted(by: { $0.sequence < $1.sequence }) {
            ledgers[registration.eventId, default: EventLedger()].add(registration)
        }
        return ledgers
    }

    /// Number of confirmed places taken at an event.
    public func confirmedCount(eventId: String) -> Int { ledgers[eventId]?.confirmed ?? 0 }

    /// Waitlisted registration ids of an event, next to be promoted first.
    public func waitingList(eventId: String) -> [String] { ledgers[eventId].map { Array($0.waitlist) } ?? [] }

    /// Every registration of an event in order of arrival (all statuses, erased ones included).
    public func registrations(ofEvent eventId: String) -> [Registration] {
        (ledgers[eventId]?.all ?? []).compactMap { registrations[$0] }
    }
}

extension AgoraState: Equatable {
    public static func == (lhs: AgoraState, rhs: AgoraState) -> Bool {
        lhs.registrationSequence == rhs.registrationSequence && lhs.events == rhs.events
            && lhs.partners == rhs.partners && lhs.registrations == rhs.registrations
    }
}

extension AgoraState: Codable {
    enum CodingKeys: String, CodingKey { case events, partners, registrations, registrationSequence }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.events = try values.decode([String: Event].self, forKey: .events)
        self.partners = try values.decode([String: Partner].self, forKey: .partners)
        self.registrations = try values.decode([String: Registration].self, forKey: .registrations)
        self.registrationSequence = try values.decode(Int.self, forKey: .registrationSequence)
        self.ledgers = Self.ledgers(for: registrations)
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(events, forKey: .events)
        try values.encode(partners, forKey: .partners)
        try values.encode(registrations, forKey: .registrations)
        try values.encode(registrationSequence, forKey: .registrationSequence)
    }
}
