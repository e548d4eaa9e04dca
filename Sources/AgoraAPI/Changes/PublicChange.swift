import AgoraDomain

/// One public change of the feed (`GET /changes`): which public entity a logged command changed, how, the ETag its
/// representation has after the change, and where to fetch it. Never personal data: a registration is public only
/// as a change of its event's availability.
struct PublicChange: Sendable, Equatable {
    enum Kind: String, Sendable {
        case created, updated, deleted
    }

    /// What a change is about (`entity.type`): the resource kinds a client refetches. `availability`: an event's
    /// registration counts (`GET /events/{id}/availability`; its id is the event's), the public face of a
    /// registration or a cancellation.
    enum EntityType: String, Sendable {
        case event, slot, partner, availability
    }

    /// The sequence number of the command it derives from (the feed's cursor; SSE `id:`). Several changes may
    /// share one (none does today: one command, one change).
    let sequence: UInt64
    /// When the command became durable (whole seconds, UTC).
    let time: Instant
    let entityType: EntityType
    let entityId: String
    let kind: Kind
    /// The strong ETag of the representation at `path` after the batch that held the change (nil: it is gone).
    let etag: EntityTag?
    /// Where to fetch the changed representation.
    let path: String
    /// The event it belongs to (itself for an event): what `?event=` filters by; nil for partners.
    let eventId: String?

    /// The change as a JSON object (the schema `Change` in openapi.yaml).
    var json: JSONValue {
        var entity: [(String, JSONValue)] = [("type", .string(entityType.rawValue)), ("id", .string(entityId))]
        if entityType == .slot, let eventId { entity.append(("event", .string(eventId))) }
        return .object([
            ("sequence", .int(Int(sequence))),
            ("time", .string(time.rfc3339UTC)),
            ("entity", .object(entity)),
            ("kind", .string(kind.rawValue)),
            ("etag", .string(etag?.description)),
            ("path", .string(path)),
        ])
    }

    /// Whether `?event=` (a list of event ids) keeps this change; an empty filter keeps all.
    func matches(events filter: Set<String>) -> Bool {
        guard !filter.isEmpty else { return true }
        guard let eventId else { return false }
        return filter.contains(eventId)
    }
}
