// The outboxes several instances share (issue #15, "One deliverer"): rows of strings, keyed by outbox name, that
// the API's webhook and mail outboxes keep in PostgreSQL instead of a file of their own in each data directory.
// Every instance inserts what it derived (the first insert wins), and the one deliverer reads them in sequence
// order and marks them done. This type knows tables and statements only; what a row means is its owner's.
import Synchronization

/// One owed message: `key` (a subscription, a registration) at `sequence`, its content, and a token where one is
/// kept in clear for it (a mail's cancellation link) until it is sent.
public struct OutboxRow: Sendable, Equatable {
    public let key: String
    public let sequence: UInt64
    public let content: String
    public let token: String?

    public init(key: String, sequence: UInt64, content: String, token: String? = nil) {
        self.key = key
        self.sequence = sequence
        self.content = content
        self.token = token
    }
}

/// What one key still owes: how many messages, and the first one's sequence.
public struct OutboxBacklog: Sendable, Equatable {
    public let key: String
    public let count: Int
    public let first: UInt64

    public init(key: String, count: Int, first: UInt64) {
        self.key = key
        self.count = count
        self.first = first
    }
}

/// The shared outbox tables over one connection of their own, used by whichever queue calls (the store's writer
/// queue deriving, an admin queue, a delivery): the mutex serialises them, each call one or two short statements.
public final class PostgresOutbox: Sendable {
    private let url: String
    private let connection = Mutex<PostgresConnection?>(nil)

    /// Connects to `url` and migrates the schema (the tables are version 2's).
    public init(url: String) throws(PostgresError) {
        self.url = url
        let fresh = try PostgresConnection.connect(url)
        try PostgresSchema.migrate(fresh)
        connection.withLock { $0 = fresh }
    }

    /// Runs `body` on the connection, reconnecting first if the last one broke; a lost connection is dropped so
    /// the next call starts afresh.
    @discardableResult
    func run<Value: Sendable>(_ body: (PostgresConnection) throws(PostgresError) -> Value) throws(PostgresError) -> Value {
        try connection.withLock { current throws(PostgresError) -> Value in
            let live: PostgresConnection
            if let existing = current, !existing.isBroken {
                live = existing
            } else {
                current = nil
                live = try PostgresConnection.connect(url)
                current = live
            }
            do throws(PostgresError) { return try body(live) } catch {
                if live.isBroken { current = nil }
                throw error
            }
        }
    }

    /// Every item of `outbox`, by key.
    public func items(_ outbox: String) throws(PostgresError) -> [(key: String, content: String)] {
        let rows = try run { connection throws(PostgresError) in
            try connection.execute("SELECT key, content FROM agora_outbox_items WHERE outbox = $1 ORDER BY key", [.text(outbox)])
        }
        return (0..<rows.count).map { (rows.string($0, 0) ?? "", rows.string($0, 1) ?? "") }
    }

    public func put(_ outbox: String, key: String, content: String) throws(PostgresError) {
        try run { connection throws(PostgresError) in
            try connection.execute("INSERT INTO agora_outbox_items (outbox, key, content) VALUES ($1, $2, $3) "
                                   + "ON CONFLICT (outbox, key) DO UPDATE SET content = EXCLUDED.content",
                                   [.text(outbox), .text(key), .text(content)])
        }
    }

    /// Removes the item `key` of `outbox` and every message owed to it.
    public func remove(_ outbox: String, key: String) throws(PostgresError) {
        try run { connection throws(PostgresError) in
            try connection.execute("DELETE FROM agora_outbox_items WHERE outbox = $1 AND key = $2", [.text(outbox), .text(key)])
            try connection.execute("DELETE FROM agora_outbox_messages WHERE outbox = $1 AND key = $2", [.text(outbox), .text(key)])
        }
    }

    /// Tells every instance's lease connection that an outbox's items changed (they reload them).
    public func notify() throws(PostgresError) {
        try run { connection throws(PostgresError) in
            try connection.execute("SELECT pg_notify($1, '')", [.text(PostgresSchema.outboxChannel)])
        }
    }
}
