import AgoraDomain
import AgoraJSON
import Synchronization

// The outbox when several instances share one PostgreSQL store (Docs/scaling.md, "One deliverer"): the
// subscriptions are items of `webhooks` (their record, secret included) and `webhook-state` (what the admin's view
// shows of the last attempts); the messages are rows of `webhooks` keyed (subscription, sequence). Every instance
// derives every batch, its own and those it follows, and inserts the messages (the first insert wins, a delivered
// one is never queued again); only the lease's holder reads them, in sequence order per subscription, and marks
// them done. Every instance reloads the subscriptions at each tick of the lease (about a second) and at once when
// another one notifies it changed them.
extension WebhookOutbox {
    static let sharedName = "webhooks"
    static let sharedStateName = "webhook-state"

    /// The subscriptions and their last attempts, as the tables hold them.
    static func loadShared(_ storage: any SharedOutboxStorage, into state: inout State) throws {
        var records: [JSONInput] = []
        for item in try storage.items(sharedName) + storage.items(sharedStateName) {
            if let record = try? JSONParser.parse(Array(item.content.utf8)) { records.append(record) }
        }
        // Subscriptions first: a state record applies to a queue its subscription made.
        let isPut = { (record: JSONInput) -> Bool in if case .string("put")? = record["op"] { true } else { false } }
        for record in records where isPut(record) { state.apply(record) }
        for record in records where !isPut(record) { state.apply(record) }
    }

    /// On the store's writer queue: the batch's messages inserted for every instance, then the holder's workers
    /// kicked. A failure is logged only: the other instances derive the same batch and insert the same rows.
    func deriveShared(_ changes: [PublicChange], into shared: SharedDelivery) {
        let (messages, ids) = state.withLock { outbox -> ([SharedOutboxMessage], Set<String>) in
            var messages: [SharedOutboxMessage] = []
            var ids: Set<String> = []
            for change in changes {
                for subscription in outbox.subscriptions.values
                where change.sequence > subscription.createdAfter && subscription.wants(change) {
                    messages.append(SharedOutboxMessage(key: subscription.id, sequence: change.sequence,
                                                        content: String(decoding: change.webhookPayload, as: UTF8.self)))
                    ids.insert(subscription.id)
                }
            }
            return (messages, ids)
        }
        guard !messages.isEmpty else { return }
        do { try shared.storage.insert(Self.sharedName, messages, reopen: false) } catch {
            logger.error("cannot queue webhook messages in PostgreSQL", metadata: ["error": "\(error)"])
        }
        for id in ids { kick(id) }
    }

    /// The outbox file's records as statements on the tables (under the state's lock, as the file's appends are).
    func write(_ records: [JSONValue], to storage: any SharedOutboxStorage, in outbox: inout State) {
        var replayed: [SharedOutboxMessage] = []
        var changedItems = false
        do {
            for record in records {
                guard let parsed = try? JSONParser.parse(record.bytes), case .string(let op)? = parsed["op"],
                      case .string(let id)? = parsed["id"] else { continue }
                switch op {
                case "put":
                    try storage.put(Self.sharedName, key: id, content: String(decoding: record.bytes, as: UTF8.self))
                    changedItems = true
                case "delete":
                    try storage.remove(Self.sharedName, key: id)
                    try storage.remove(Self.sharedStateName, key: id)
                    changedItems = true
                case "enqueue":
                    guard case .number(let text)? = parsed["seq"], let sequence = UInt64(text),
                          case .string(let body)? = parsed["body"] else { continue }
                    replayed.append(SharedOutboxMessage(key: id, sequence: sequence, content: body))
                case "done":
                    guard case .number(let text)? = parsed["seq"], let sequence = UInt64(text) else { continue }
                    try storage.markDone(Self.sharedName, key: id, sequence: sequence)
                    if let queue = outbox.queues[id] {
                        try storage.put(Self.sharedStateName, key: id, content: String(decoding: State.stateRecord(id, queue).bytes, as: UTF8.self))
                    }
                default:
                    try storage.put(Self.sharedStateName, key: id, content: String(decoding: record.bytes, as: UTF8.self))
                }
            }
            try storage.insert(Self.sharedName, replayed, reopen: true)
            if changedItems || !replayed.isEmpty {
                _ = sharedWrites.add(1, ordering: .sequentiallyConsistent)
                try storage.notify()
            }
        } catch {
            logger.error("cannot write the shared webhook outbox", metadata: ["error": "\(error)"])
        }
    }

    /// The message subscription `id`'s worker sends next, read from the tables; nil (the worker stopped) when
    /// this instance lost the lease, nothing is owed, or the database cannot be read (the next tick kicks it).
    func sharedHead(of id: String) -> WebhookQueue.Message? {
        while let shared, shared.lease.isHeld {
            state.withLock { $0.queues[id]?.kickedWhileRunning = false }
            var row: SharedOutboxMessage?
            do { row = try shared.storage.head(Self.sharedName, key: id) } catch {
                logger.error("cannot read the shared webhook outbox", metadata: ["error": "\(error)"])
                break
            }
            if let row { return WebhookQueue.Message(sequence: row.sequence, body: Array(row.content.utf8)) }
            // Nothing owed, unless a kick came while this looked: then once more.
            let again = state.withLock { $0.queues[id]?.kickedWhileRunning == true }
            if !again { break }
        }
        state.withLock { $0.queues[id]?.running = false }
        return nil
    }
}
