/// Whether and how people register for an event.
///
/// JSON: `{"kind": "none"}` or `{"kind": "required", "opensAt": …, "deadline": …, "capacity": 120,
/// "waitingList": {"capacity": 20}, "externalURL": "https://…"}` with absent keys meaning "no limit".
public enum RegistrationPolicy: Hashable, Sendable {
    /// Open to the public, no registration: registering is refused.
    case none
    case required(RegistrationRules)
}

/// The limits of a registration-required event.
public struct RegistrationRules: Codable, Hashable, Sendable {
    /// Registrations before this instant are refused ("not open yet"). Nil: open from creation.
    public var opensAt: Instant?
    /// Last instant at which a registration is accepted (inclusive). Nil: until the event ends.
    public var deadline: Instant?
    /// Confirmed places. Nil: unlimited.
    public var capacity: Int?
    /// Nil: no waiting list, a full event refuses registrations.
    public var waitingList: WaitingList?
    /// Where the organiser takes registrations when it is not Agora (a form link).
    public var externalURL: String?

    public init(opensAt: Instant? = nil, deadline: Instant? = nil, capacity: Int? = nil,
                waitingList: WaitingList? = nil, externalURL: String? = nil) {
        self.opensAt = opensAt
        self.deadline = deadline
        self.capacity = capacity
        self.waitingList = waitingList
        self.externalURL = externalURL
    }
}

/// Registrations beyond capacity wait here, first come first promoted.
public struct WaitingList: Codable, Hashable, Sendable {
    /// Nil: unlimited.
    public var capacity: Int?

    public init(capacity: Int? = nil) {
        self.capacity = capacity
    }
}

extension RegistrationPolicy {
    public var rules: RegistrationRules? {
        if case .required(let rules) = self { return rules }
        return nil
    }
}

extension RegistrationPolicy: Codable {
    private enum Kind: String, Codable { case none, required }
    private enum CodingKeys: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .none: self = .none
        case .required: self = .required(try RegistrationRules(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none:
            try container.encode(Kind.none, forKey: .kind)
        case .required(let rules):
            try container.encode(Kind.required, forKey: .kind)
            try rules.encode(to: encoder)
        }
    }
}
