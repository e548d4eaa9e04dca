import AgoraDomain
import OutboundMail

/// The messages owed, by (registration, sequence), and each one's retry state. In memory; the outbox file is
/// its durable form (`MailOutbox+Records.swift`).
struct MailQueue: Sendable {
    struct Entry: Sendable {
        /// What is kept of a message until it is sent. Composing (templates, the .ics) is the delivery queue's
        /// work, not the writer queue's: the writer only records which message is owed (Docs/mail.md, "What the
        /// outbox keeps").
        enum Content: Sendable {
            /// Composed when it is sent, from the store's state then: the event it is about, the language the
            /// registration chose, the cancellation token in clear where the message carries the link, and the
            /// commit's time for the `Date` field (RFC 5322 §3.6.1: when the message was ready, the commit).
            case deferred(eventId: String, language: String?, token: String?, date: Int64)
            /// A whole message, as outbox files written before composing moved to delivery hold them.
            case composed(MailMessage)
        }

        let registrationId: String
        let sequence: UInt64
        let kind: MailKind
        let content: Content
        var failures = 0
        var firstAttempt: Instant?
        /// Seconds since 1970 before which it is not tried again (0: at once).
        var notBefore: Double = 0

        var key: String { "\(registrationId)/\(sequence)" }
    }

    private(set) var entries: [String: Entry] = [:]
    /// The keys in the order they were queued — sequence order, as the observer sees batches — from `head` on;
    /// removed keys are skipped when reached. `next(at:)` starts here instead of looking at every entry: with a
    /// backlog (a relay slower than the registrations) a scan of all of them per message sent, under the lock the
    /// writer queue takes, slowed every write.
    private var order: [String] = []
    private var head = 0
    /// The cancellation tokens in clear of registrations on the waiting list, by registration id: the promotion's
    /// message carries the same link as the waiting-list message. Nowhere else in clear (the store keeps their
    /// SHA-256); forgotten at the promotion, the cancellation, the erasure, the event's cancellation or deletion.
    var tokens: [String: String] = [:]
    /// When the one retry timer armed fires (seconds since 1970), nil when none is armed.
    var timerAt: Double?

    mutating func enqueue(_ entry: Entry) {
        guard entries[entry.key] == nil else { return }
        entries[entry.key] = entry
        order.append(entry.key)
    }

    mutating func remove(_ key: String) {
        entries[key] = nil
        while head < order.count, entries[order[head]] == nil { head += 1 }
        if head >= 1_024, head * 2 >= order.count {
            order.removeFirst(head)
            head = 0
        }
    }

    mutating func update(_ entry: Entry) { if entries[entry.key] != nil { entries[entry.key] = entry } }

    /// Every message to the registration's person but those of the kinds `keeping` names (an erasure drops them
    /// all): the entries removed.
    mutating func removeAll(of registrationId: String, keeping: Set<MailKind> = []) -> [Entry] {
        let removed = entries.values.filter { $0.registrationId == registrationId && !keeping.contains($0.kind) }
        for entry in removed { entries[entry.key] = nil }
        return removed
    }

    /// Forgets the tokens of the registrations `isWaiting` no longer says wait.
    mutating func keepTokens(_ isWaiting: (String) -> Bool) {
        tokens = tokens.filter { isWaiting($0.key) }
    }

    /// The earliest-queued (earliest-sequence) message due at `now`, or when the next one is due. From `head`,
    /// past the ones waiting for a retry only: one step when the relay takes what it is given.
    func next(at now: Double) -> (due: Entry?, wakeAt: Double?) {
        var wakeAt: Double?
        for key in order[head...] {
            guard let entry = entries[key] else { continue }
            if entry.notBefore <= now { return (entry, nil) }
            wakeAt = min(wakeAt ?? entry.notBefore, entry.notBefore)
        }
        return (nil, wakeAt)
    }

    var isEmpty: Bool { entries.isEmpty }
    var sortedEntries: [Entry] { entries.values.sorted { ($0.sequence, $0.registrationId) < ($1.sequence, $1.registrationId) } }
}
