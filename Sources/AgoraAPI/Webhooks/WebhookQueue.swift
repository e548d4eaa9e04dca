import AgoraDomain

/// One subscription's deliveries still owed, in sequence order, and what the admin sees of its history.
struct WebhookQueue: Sendable {
    struct Message: Sendable, Equatable {
        let sequence: UInt64
        let body: [UInt8]
    }

    var pending: [Message] = []
    /// Failures of the head message so far, and when it was first tried (for the give-up limit).
    var failures = 0
    var firstAttempt: Instant?
    var lastSuccess: Instant?
    var lastFailure: Instant?
    /// The last failure's HTTP status, or nil when it got no answer (`lastError` says why).
    var lastFailureStatus: Int?
    var lastError: String?
    /// Whether a worker is sending or waiting to send the head (so only one runs per receiver: in order).
    var running = false
    /// Shared outbox only (the messages are in PostgreSQL, not in `pending`): a kick while the worker ran, so it
    /// looks for a message once more before it stops; and what the database said was owed at the last tick.
    var kickedWhileRunning = false
    var sharedBacklog: (count: Int, first: UInt64?)?

    /// The admin's view of what is owed: the shared tables' count at the last tick, else the queue's own.
    var backlogCount: Int { sharedBacklog?.count ?? pending.count }
    var nextSequence: UInt64? { sharedBacklog.map { $0.first } ?? pending.first?.sequence }

    /// Adds a message unless one with its sequence is pending; keeps the order.
    mutating func enqueue(_ message: Message) {
        if let index = pending.firstIndex(where: { $0.sequence >= message.sequence }) {
            if pending[index].sequence == message.sequence { return }
            pending.insert(message, at: index)
        } else {
            pending.append(message)
        }
    }

    mutating func acknowledge(_ sequence: UInt64) {
        pending.removeAll { $0.sequence == sequence }
        failures = 0
        firstAttempt = nil
    }
}
