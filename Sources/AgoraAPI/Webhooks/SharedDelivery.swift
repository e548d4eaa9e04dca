/// What the outboxes need when several instances share one PostgreSQL store (Docs/scaling.md, "One deliverer"):
/// where what they owe is kept for every instance (`storage`), and whether this instance is the one that delivers
/// (`lease`). Nil in the settings (the data directory): each outbox keeps its own file and always delivers.
public struct SharedDelivery: Sendable {
    public let storage: any SharedOutboxStorage
    public let lease: any DeliveryLease

    public init(storage: any SharedOutboxStorage, lease: any DeliveryLease) {
        self.storage = storage
        self.lease = lease
    }
}

/// One owed message of a shared outbox: what `key` (a subscription, a registration) is owed at `sequence`.
public struct SharedOutboxMessage: Sendable, Equatable {
    public let key: String
    public let sequence: UInt64
    public let content: String
    /// A mail's cancellation token in clear, kept until the message is sent.
    public let token: String?

    public init(key: String, sequence: UInt64, content: String, token: String? = nil) {
        self.key = key
        self.sequence = sequence
        self.content = content
        self.token = token
    }
}

/// Rows of strings every instance reads and writes, by outbox name (`webhooks`, `webhook-state`, `mail`, …).
/// Each call blocks on the database: never on an event loop (the writer queue, an admin or delivery queue).
public protocol SharedOutboxStorage: Sendable {
    func items(_ outbox: String) throws -> [(key: String, content: String)]
    func put(_ outbox: String, key: String, content: String) throws
    /// The item and every message owed to it.
    func remove(_ outbox: String, key: String) throws
    /// Inserts what is owed unless it is there already (delivered or not); `reopen` queues delivered ones again.
    func insert(_ outbox: String, _ messages: [SharedOutboxMessage], reopen: Bool) throws
    func head(_ outbox: String, key: String) throws -> SharedOutboxMessage?
    /// The first `limit` owed, in sequence order; one without a token only once `settledSeconds` old.
    func pending(_ outbox: String, limit: Int, settledSeconds: Int) throws -> [SharedOutboxMessage]
    func markDone(_ outbox: String, key: String, sequence: UInt64) throws
    func removeMessages(_ outbox: String, key: String) throws
    /// What each key still owes: count and first sequence.
    func backlog(_ outbox: String) throws -> [String: (count: Int, first: UInt64)]
    func prune(olderThanSeconds: Int) throws
    /// Tells the other instances that items changed (they reload them at once rather than at their next tick).
    func notify() throws
}

/// Whether this instance delivers: the holder of a lease at most one instance holds at a time.
public protocol DeliveryLease: Sendable {
    var isHeld: Bool { get }
    /// `handler` hears, on the lease's own thread, that the lease was taken or lost, and a tick about every
    /// second (or when another instance changed an outbox's items).
    func observe(_ handler: @escaping @Sendable (DeliveryLeaseEvent) -> Void)
}

public enum DeliveryLeaseEvent: Sendable { case taken, lost, tick }
