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
    /// BCP 47 tag of the language the person wants to be addressed in; nil once erased (the person chose it).
    public var language: String?
    public var status: RegistrationStatus
    public var createdAt: Instant
    /// Set by the cancel command.
    public var cancelledAt: Instant?
    /// Set by the erase command; the record then counts but names nobody.
    public var erasedAt: Instant?
    /// Order of arrival across the whole state; the waiting list is served in this order.
    public var sequence: Int
    /// How the person proves it is them when cancelling, without the store holding the secret itself.
    /// Nil for registrations made before this field existed (absent in older journals and snapshots).
    public var claim: RegistrationClaim?

    public var isErased: Bool { personalData == nil }

    public init(id: String, eventId: String, slotId: String?, personalData: PersonalData?, language: String?,
                status: RegistrationStatus, createdAt: Instant, cancelledAt: Instant? = nil, erasedAt: Instant? = nil,
                sequence: Int, claim: RegistrationClaim? = nil) {
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
        self.claim = claim
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
    /// Kept on the registration (see `RegistrationClaim`); optional so older journals decode.
    public var claim: RegistrationClaim?

    public init(id: String, eventId: String, slotId: String? = nil, name: String, email: String,
                organisation: String? = nil, language: String? = nil, requestedAt: Instant,
                claim: RegistrationClaim? = nil) {
        self.id = id
        self.eventId = eventId
        self.slotId = slotId
        self.name = name
        self.email = email
        self.organisation = organisation
        self.language = language
        self.requestedAt = requestedAt
        self.claim = claim
    }
}

/// What lets a caller act on a registration later without an account, as digests only (the secrets
/// themselves are shown once and never stored, so a copied data directory reveals none of them).
/// - `cancellationTokenSHA256`: hex SHA-256 of the cancellation token handed to the person.
/// - `retryKey`: a client-chosen key that makes a retried request recognisable (the API's
///   Idempotency-Key), and `requestSHA256` the digest of the request it came with, so the same key
///   with a different request can be refused. Both survive restarts because they live in the state.
/// Erasure clears `retryKey` (the client chose it, and a key such as `phone-20301121-marie-schmit` names the
/// person) and `requestSHA256` (it digests the person's data); the token digest stays (of random bits we chose).
public struct RegistrationClaim: Codable, Hashable, Sendable {
    public var cancellationTokenSHA256: String
    public var retryKey: String?
    public var requestSHA256: String?

    public init(cancellationTokenSHA256: String, retryKey: String? = nil, requestSHA256: String? = nil) {
        self.cancellationTokenSHA256 = cancellationTokenSHA256
        self.retryKey = retryKey
        self.requestSHA256 = requestSHA256
    }
}
