import AgoraDomain
import AgoraJSON

/// One receiver: where to POST, which change types (`slot.updated`, …) to send and, optionally, only those of some
/// events; its secret; whether it is enabled; and the sequence it was created at (it gets the changes after it).
struct WebhookSubscription: Sendable, Equatable {
    let id: String
    var url: String
    var types: [String]
    var events: [String]
    var secret: String
    var enabled: Bool
    let createdAfter: UInt64
    /// The secret a rotation replaced and until when it still signs (`webhookSecretGrace` after the rotation):
    /// receivers switch to the new one in their own time without rejecting a message meanwhile.
    var previousSecret: String?
    var previousSecretUntil: Instant?

    /// Every type a change can have: `{entity}.{kind}`. An availability is only ever updated (it exists as long
    /// as its event, whose own changes say when it comes and goes).
    static let allTypes: [String] = ["event", "slot", "partner"].flatMap { entity in
        ["created", "updated", "deleted"].map { "\(entity).\($0)" }
    } + ["\(PublicChange.EntityType.availability.rawValue).\(PublicChange.Kind.updated.rawValue)"]

    /// The secrets that sign a message sent at `now`: the current one, and the replaced one within its grace.
    func signingSecrets(at now: Instant) -> [String] {
        guard let previousSecret, let previousSecretUntil, now < previousSecretUntil else { return [secret] }
        return [secret, previousSecret]
    }

    func wants(_ change: PublicChange) -> Bool {
        types.contains(change.webhookType) && change.matches(events: Set(events))
    }

    /// The outbox record (with the secret: the outbox file is mode 0600).
    var record: JSONValue {
        var members: [(String, JSONValue)] = [
            ("op", .string("put")), ("id", .string(id)), ("url", .string(url)),
            ("types", .array(types.map { .string($0) })), ("events", .array(events.map { .string($0) })),
            ("secret", .string(secret)), ("enabled", .bool(enabled)), ("after", .int(Int(createdAfter))),
        ]
        if let previousSecret, let previousSecretUntil {
            members.append(("previousSecret", .string(previousSecret)))
            members.append(("previousSecretUntil", .string(previousSecretUntil.rfc3339UTC)))
        }
        return .object(members)
    }

    init(id: String, url: String, types: [String], events: [String], secret: String, enabled: Bool, createdAfter: UInt64) {
        self.id = id
        self.url = url
        self.types = types
        self.events = events
        self.secret = secret
        self.enabled = enabled
        self.createdAfter = createdAfter
    }

    init?(record: JSONInput) {
        guard case .string(let id)? = record["id"], case .string(let url)? = record["url"],
              case .string(let secret)? = record["secret"], case .bool(let enabled)? = record["enabled"],
              case .number(let after)? = record["after"], let createdAfter = UInt64(after)
        else { return nil }
        self.init(id: id, url: url, types: record["types"]?.strings ?? [], events: record["events"]?.strings ?? [],
                  secret: secret, enabled: enabled, createdAfter: createdAfter)
        if case .string(let previous)? = record["previousSecret"], let until = record["previousSecretUntil"]?.instant {
            previousSecret = previous
            previousSecretUntil = until
        }
    }
}

extension PublicChange {
    /// The webhook `type`: `{entity}.{kind}`, as `slot.updated`.
    var webhookType: String { "\(entityType.rawValue).\(kind.rawValue)" }

    /// The thin payload a receiver gets (as pretix sends): what changed and where to fetch it, never the data.
    var webhookPayload: [UInt8] {
        var entity: [(String, JSONValue)] = [("type", .string(entityType.rawValue)), ("id", .string(entityId))]
        if entityType == .slot, let eventId { entity.append(("event", .string(eventId))) }
        return JSONValue.object([
            ("type", .string(webhookType)),
            ("timestamp", .string(time.rfc3339UTC)),
            ("sequence", .int(Int(sequence))),
            ("entity", .object(entity)),
            ("path", .string(path)),
        ]).bytes
    }
}

extension JSONInput {
    /// The strings of an array (others skipped); nil when not an array.
    var strings: [String]? {
        guard case .array(let items) = self else { return nil }
        return items.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }
}
