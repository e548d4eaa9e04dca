import AgoraAPI
import AgoraPostgres
import Logging

/// With `--store postgres://…`: the outboxes' tables and the delivery lease, as the API's outboxes want them
/// (Docs/scaling.md, "One deliverer"). AgoraPostgres knows rows and a lock; AgoraAPI knows its protocols; these
/// two adapters are all that joins them.
enum SharedOutboxWiring {
    /// The shared delivery for `url`, its lease not started yet (`start` once the outboxes observe it); a
    /// database that cannot be reached or migrated stops the server as the store would.
    static func delivery(url: String, logger: Logger) -> (SharedDelivery, PostgresDeliveryLease) {
        let outbox: PostgresOutbox
        do throws(PostgresError) { outbox = try PostgresOutbox(url: url) } catch {
            logger.error("cannot open the shared outboxes", metadata: ["error": "\(error)"])
            fail("cannot open the shared outboxes in PostgreSQL: \(error)", status: 1)
        }
        let lease = PostgresDeliveryLease(url: url, logger: logger)
        return (SharedDelivery(storage: PostgresOutboxStorage(outbox: outbox), lease: PostgresLease(lease: lease)), lease)
    }
}

struct PostgresOutboxStorage: SharedOutboxStorage {
    let outbox: PostgresOutbox

    func items(_ name: String) throws -> [(key: String, content: String)] { try outbox.items(name) }
    func put(_ name: String, key: String, content: String) throws { try outbox.put(name, key: key, content: content) }
    func remove(_ name: String, key: String) throws { try outbox.remove(name, key: key) }
    func insert(_ name: String, _ messages: [SharedOutboxMessage], reopen: Bool) throws {
        try outbox.insert(name, messages.map { OutboxRow(key: $0.key, sequence: $0.sequence, content: $0.content, token: $0.token) },
                          reopen: reopen)
    }
    func head(_ name: String, key: String) throws -> SharedOutboxMessage? { try outbox.head(name, key: key).map(Self.message) }
    func pending(_ name: String, limit: Int, settledSeconds: Int) throws -> [SharedOutboxMessage] {
        try outbox.pending(name, limit: limit, settledSeconds: settledSeconds).map(Self.message)
    }
    func markDone(_ name: String, key: String, sequence: UInt64) throws { try outbox.markDone(name, key: key, sequence: sequence) }
    func removeMessages(_ name: String, key: String) throws { try outbox.removeMessages(name, key: key) }
    func backlog(_ name: String) throws -> [String: (count: Int, first: UInt64)] {
        var owed: [String: (count: Int, first: UInt64)] = [:]
        for entry in try outbox.backlog(name) { owed[entry.key] = (entry.count, entry.first) }
        return owed
    }
    func prune(olderThanSeconds seconds: Int) throws { try outbox.prune(olderThanSeconds: seconds) }
    func notify() throws { try outbox.notify() }

    private static func message(_ row: OutboxRow) -> SharedOutboxMessage {
        SharedOutboxMessage(key: row.key, sequence: row.sequence, content: row.content, token: row.token)
    }
}

struct PostgresLease: DeliveryLease {
    let lease: PostgresDeliveryLease

    var isHeld: Bool { lease.isHeld }
    func observe(_ handler: @escaping @Sendable (DeliveryLeaseEvent) -> Void) {
        lease.observe { event in
            switch event {
            case .taken: handler(.taken)
            case .lost: handler(.lost)
            case .tick: handler(.tick)
            }
        }
    }
}
