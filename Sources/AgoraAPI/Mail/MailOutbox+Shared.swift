import AgoraDomain
import AgoraJSON
import Dispatch
import Synchronization

// The mail outbox when several instances share one PostgreSQL store (Docs/scaling.md, "One deliverer"): every
// instance with a transport derives every batch as it does with a file, and inserts the messages into the rows
// of `mail`, keyed (registration, sequence), the first insert winning; the instance that took the registration
// inserts the token it was lent, which fills in the row's token if another instance was first. A waiting
// registration's token is an item of `mail-tokens` until its promotion's row carries it. Only the lease's holder
// sends (`deliverShared`). A token leaves the tables when the message is sent (`markDone`), when it is forgotten
// (as `forget` records say), and at once on an erasure.
struct SharedMailWork: Sendable {
    let entries: [MailQueue.Entry]
    let records: [JSONValue]
    let erased: [String]
    /// An erasure or a deleted event: the rows and tokens of registrations that are gone go now.
    let cleanUp: Bool
}

extension MailOutbox {
    static let sharedName = "mail"
    static let sharedTokens = "mail-tokens"
    /// Seconds a row without a token waits before it is sent: the registering instance inserts its token just
    /// after its commit, and another instance may have inserted the row a moment before.
    static let tokenSettleSeconds = 2

    /// On the store's writer queue, after the derivation: the batch's rows and tokens written.
    func writeShared(_ work: SharedMailWork, state: AgoraState) {
        guard let shared else { return }
        let storage = shared.storage
        do {
            var rows = work.entries.map(Self.row)
            let promotions = Set(work.entries.filter { $0.kind == .promoted }.map(\.key))
            if rows.contains(where: { $0.token == nil && promotions.contains("\($0.key)/\($0.sequence)") }) {
                // A promotion derived here without the token (another instance took the registration): the token
                // kept for it, read before this batch's `forget` removes it.
                let kept = Dictionary(try storage.items(Self.sharedTokens).map { ($0.key, $0.content) }) { first, _ in first }
                rows = rows.map { row in
                    guard row.token == nil, promotions.contains("\(row.key)/\(row.sequence)"), let token = kept[row.key] else { return row }
                    return SharedOutboxMessage(key: row.key, sequence: row.sequence, content: row.content, token: token)
                }
            }
            try storage.insert(Self.sharedName, rows, reopen: false)
            for record in work.records {
                guard case .object(let members) = record,
                      case .string(let op)? = members.first(where: { $0.0 == "op" })?.1,
                      case .string(let id)? = members.first(where: { $0.0 == "registration" })?.1 else { continue }
                switch op {
                case "token":
                    if case .string(let token)? = members.first(where: { $0.0 == "token" })?.1 {
                        try storage.put(Self.sharedTokens, key: id, content: token)
                    }
                case "forget": try storage.remove(Self.sharedTokens, key: id)
                default: continue  // `done` of entries in memory: a shared outbox keeps none there
                }
            }
            for id in work.erased {
                try storage.removeMessages(Self.sharedName, key: id)
                try storage.remove(Self.sharedTokens, key: id)
            }
            if work.cleanUp {
                for row in try storage.pending(Self.sharedName, limit: 100_000, settledSeconds: 0) where state.registrations[row.key] == nil {
                    try storage.removeMessages(Self.sharedName, key: row.key)
                }
                for item in try storage.items(Self.sharedTokens) where state.registrations[item.key] == nil {
                    try storage.remove(Self.sharedTokens, key: item.key)
                }
            }
        } catch {
            logger.error("cannot write the shared mail outbox", metadata: ["error": "\(error)"])
        }
    }

    /// The row of an entry: its record without the token (which has a column of its own, cleared when sent).
    static func row(_ entry: MailQueue.Entry) -> SharedOutboxMessage {
        var token: String?
        var content = entry.content
        if case .deferred(let eventId, let language, let clear, let date) = entry.content {
            token = clear
            content = .deferred(eventId: eventId, language: language, token: nil, date: date)
        }
        let stored = MailQueue.Entry(registrationId: entry.registrationId, sequence: entry.sequence, kind: entry.kind, content: content)
        return SharedOutboxMessage(key: entry.registrationId, sequence: entry.sequence,
                                   content: String(decoding: MailQueue.enqueueRecord(stored).bytes, as: UTF8.self), token: token)
    }

    /// The entry a row stands for, its token put back; nil when unreadable.
    static func entry(_ row: SharedOutboxMessage) -> MailQueue.Entry? {
        guard let record = try? JSONParser.parse(Array(row.content.utf8)), case .string(let name)? = record["kind"],
              let kind = MailKind(rawValue: name), var content = MailQueue.Entry.Content(record: record) else { return nil }
        if case .deferred(let eventId, let language, _, let date) = content {
            content = .deferred(eventId: eventId, language: language, token: row.token, date: date)
        }
        return MailQueue.Entry(registrationId: row.key, sequence: row.sequence, kind: kind, content: content)
    }

    /// Queues one pass over the owed rows on `delivery`, unless one is queued already or this instance does not
    /// hold the lease (the kick of every tick starts it again).
    func kickShared() {
        guard let shared, shared.lease.isHeld,
              !sharedPassQueued.exchange(true, ordering: .sequentiallyConsistent) else { return }
        delivery.async {
            self.sharedPassQueued.store(false, ordering: .sequentiallyConsistent)
            self.deliverShared()
        }
    }
}
