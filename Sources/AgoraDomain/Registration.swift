/// A person's place at an event (or at one slot of it, such as a working group).
///
/// Personal data sits in one optional value so that erasing it is one assignment and cannot leave a
/// field behind; the record itself stays, so counts and the waiting-list order survive erasure.
public struct Registration: Codable, Hashable, Sendable, Identifiable {
    public var id: String
    public var eventId: String
    public var slotId: String?
    /// Nil once erased.
    public var personalData: PersonalData?
    /// BCP 47 tag of the language the person wants to be addressed in.
    public var language: String?
    public var status: RegistrationStatus
    public var createdAt: Instant
    /// Set by the cancel command.
    public var cancelledAt: Instant?
    /// Set by the erase command; the record then counts but names nobody.
    public var erasedAt: Instant?
    /// Order of arrival across the whole state; the waiting list is served in this order.
    public var sequence: Int

    public var isErased: Bool { personalData == nil }

    public init(id: String, eventId: String, slotId: String?, personalData: PersonalData?, language: String?,
                status: RegistrationStatus, createdAt: Instant, cancelledAt: Instant? = nil, erasedAt: Instant? = nil,
                sequence: Int) {
        self.id = id
        self.eventId = eventId
        self.slotId = slotId
        self.personalData = personalData
        self.language = language
        self.status = status
        self.createdAt = createdAt
        self.cancelledAt = cancelledAt
        self.erasedAt = erasedAt
        self.sequence = sequence
    }
}

/// What identifies a person; never to be exposed publicly.
public struct PersonalData: Codable, Hashable, Sendable {
    public var name: String
    public var email: String
    public var organisation: String?

    public init(name: String, email: String, organisation: String? = nil) {
        self.name = name
        self.email = email
        self.organisation = organisation
    }
}

public enum RegistrationStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case confirmed, waitlisted, cancelled
}

/// Everything the register command needs; the API layer fills `id` and `requestedAt` (injected id
/// source and clock) so that replaying the journal reproduces the same registration.
public struct RegistrationRequest: Codable, Hashable, Sendable {
    public var id: String
    public var eventId: String
    public var slotId: String?
    public var name: String
    public var email: String
    public var organisation: String?
    public var language: String?
    public var requestedAt: Instant

    public init(id: String, eventId: String, slotId: String? = nil, name: String, email: String,
                organisation: String? = nil, language: String? = nil, requestedAt: Instant) {
        self.id = id
        self.eventId = eventId
        self.slotId = slotId
        self.name = name
        self.email = email
        self.organisation = organisation
        self.language = language
        self.requestedAt = requestedAt
    }
}
