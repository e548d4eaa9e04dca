/// Everything Agora knows, as one immutable value. Readers keep the value they got; a command
/// produces the next value (`applying`) or mutates a uniquely owned one in place (`apply`).
///
/// JSON (the store's snapshot): `{"events": {id: Event}, "partners": {id: Partner},
/// "registrationSequence": n, "registrations": {id: Registration}}`; keys sorted, registrations in
/// order of arrival (both deterministic, so the same state always gives the same text).
public struct AgoraState: Sendable, Equatable {
    public internal(set) var events: [String: Event]
    public internal(set) var partners: [String: Partner]
    /// Every registration with its indexes (see `RegistrationTable`).
    public internal(set) var registrations: RegistrationTable
    /// The sequence number given to the last registration (0 when none yet).
    public internal(set) var registrationSequence: Int

    public init() {
        self.events = [:]
        self.partners = [:]
        self.registrations = RegistrationTable()
        self.registrationSequence = 0
    }

    /// A state read back whole (the store's snapshot reader).
    package init(events: [String: Event], partners: [String: Partner], registrations: RegistrationTable,
                 registrationSequence: Int) {
        // Snapshots written before tracks and rooms were named things name them only in slots.
        self.events = events.mapValues { $0.declaringReferencedTracksAndRooms() }
        self.partners = partners
        self.registrations = registrations
        self.registrationSequence = registrationSequence
    }

    public static let empty = AgoraState()
}

extension AgoraState {
    /// Number of confirmed places taken at an event.
    public func confirmedCount(eventId: String) -> Int { registrations.confirmedCount(eventId: eventId) }

    /// Waitlisted registration ids of an event, next to be promoted first.
    public func waitingList(eventId: String) -> [String] { registrations.waitingIds(eventId: eventId) }

    /// How many wait at an event (`waitingList(eventId:).count` without building the ids): the public availability.
    public func waitingCount(eventId: String) -> Int { registrations.waitingCount(eventId: eventId) }

    /// The event a registration is for (nil for an unknown id), without building the registration and its personal
    /// data: what a cancellation's public change names.
    public func eventId(ofRegistration registrationId: String) -> String? {
        registrations.row(id: registrationId).map { registrations.eventId(ofRow: $0) }
    }

    /// Every registration of an event in order of arrival (all statuses, erased ones included).
    public func registrations(ofEvent eventId: String) -> [Registration] {
        registrations.registrations(ofEvent: eventId)
    }
}

extension AgoraState: Codable {
    enum CodingKeys: String, CodingKey { case events, partners, registrations, registrationSequence }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.events = try values.decode([String: Event].self, forKey: .events).mapValues { $0.declaringReferencedTracksAndRooms() }
        self.partners = try values.decode([String: Partner].self, forKey: .partners)
        let registrations = try values.decode([String: Registration].self, forKey: .registrations)
        guard let table = RegistrationTable(loading: registrations.values, count: registrations.count) else {
            throw DecodingError.dataCorruptedError(forKey: .registrations, in: values,
                                                   debugDescription: "two registrations share one id")
        }
        self.registrations = table
        self.registrationSequence = try values.decode(Int.self, forKey: .registrationSequence)
    }

    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(events, forKey: .events)
        try values.encode(partners, forKey: .partners)
        try values.encode(Dictionary(registrations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                          forKey: .registrations)
        try values.encode(registrationSequence, forKey: .registrationSequence)
    }
}
