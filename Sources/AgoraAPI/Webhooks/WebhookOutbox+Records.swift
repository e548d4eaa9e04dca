import AgoraDomain
import AgoraJSON

// The outbox file's records, one JSON object a line: `put` (a subscription, whole), `delete`, `enqueue` (a
// message owed), `done` (delivered, or dropped), `failure` (an attempt's outcome, for the admin's view).
// Replaying them in order rebuilds the outbox; compaction writes the same state as `put`, `state` and `enqueue`.
extension WebhookOutbox.State {
    mutating func apply(_ record: JSONInput) {
        guard case .string(let op)? = record["op"], case .string(let id)? = record["id"] else { return }
        switch op {
        case "put":
            guard let subscription = WebhookSubscription(record: record) else { return }
            subscriptions[id] = subscription
            if queues[id] == nil { queues[id] = WebhookQueue() }
        case "delete":
            subscriptions[id] = nil
            queues[id] = nil
        case "enqueue":
            guard case .number(let text)? = record["seq"], let sequence = UInt64(text),
                  case .string(let body)? = record["body"] else { return }
            queues[id]?.enqueue(WebhookQueue.Message(sequence: sequence, body: Array(body.utf8)))
        case "done":
            guard case .number(let text)? = record["seq"], let sequence = UInt64(text) else { return }
            queues[id]?.acknowledge(sequence)
            if let at = record["at"]?.instant { queues[id]?.lastSuccess = at }
        case "failure", "state":
            if let at = record["lastSuccess"]?.instant { queues[id]?.lastSuccess = at }
            if let at = record["at"]?.instant {
                queues[id]?.lastFailure = at
                if case .number(let status)? = record["status"] { queues[id]?.lastFailureStatus = Int(status) }
                if case .string(let error)? = record["error"] { queues[id]?.lastError = error }
            }
        default:
            return
        }
    }

    /// The records that rebuild this state, for the compacted file.
    var compacted: [[UInt8]] {
        var lines: [[UInt8]] = []
        for (id, subscription) in subscriptions.sorted(by: { $0.key < $1.key }) {
            lines.append(subscription.record.bytes)
            guard let queue = queues[id] else { continue }
            lines.append(Self.stateRecord(id, queue).bytes)
            for message in queue.pending { lines.append(Self.enqueueRecord(id, message).bytes) }
        }
        return lines
    }

    static func enqueueRecord(_ id: String, _ message: WebhookQueue.Message) -> JSONValue {
        .object([("op", .string("enqueue")), ("id", .string(id)), ("seq", .int(Int(message.sequence))),
                 ("body", .string(String(decoding: message.body, as: UTF8.self)))])
    }

    static func doneRecord(_ id: String, _ sequence: UInt64, at: Instant) -> JSONValue {
        .object([("op", .string("done")), ("id", .string(id)), ("seq", .int(Int(sequence))), ("at", .string(at.rfc3339UTC))])
    }

    static func stateRecord(_ id: String, _ queue: WebhookQueue, op: String = "state") -> JSONValue {
        var members: [(String, JSONValue)] = [("op", .string(op)), ("id", .string(id))]
        if let success = queue.lastSuccess { members.append(("lastSuccess", .string(success.rfc3339UTC))) }
        if let failure = queue.lastFailure {
            members.append(("at", .string(failure.rfc3339UTC)))
            if let status = queue.lastFailureStatus { members.append(("status", .int(status))) }
            if let error = queue.lastError { members.append(("error", .string(error))) }
        }
        return .object(members)
    }
}

extension JSONInput {
    /// An RFC 3339 UTC time as the outbox writes it (`Instant.rfc3339UTC`).
    var instant: Instant? {
        guard case .string(let text) = self else { return nil }
        return Instant(rfc3339: text)
    }
}
