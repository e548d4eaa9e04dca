import AgoraDomain
import OutboundMail

// The holder's deliveries from the shared rows, on `delivery`: the owed rows in sequence order, 100 a read, each
// sent as `deliverNext` sends one from the file's queue (the same outcomes, back-off and give-up), the lease
// checked before every message so a deliverer that lost it stops at once.
extension MailOutbox {
    func deliverShared() {
        guard let shared else { return }
        while shared.lease.isHeld {
            let rows: [SharedOutboxMessage]
            do { rows = try shared.storage.pending(Self.sharedName, limit: 100, settledSeconds: Self.tokenSettleSeconds) } catch {
                logger.error("cannot read the shared mail outbox", metadata: ["error": "\(error)"])
                return
            }
            var progressed = false
            for row in rows {
                guard shared.lease.isHeld else { return }
                if attempt(row, storage: shared.storage) { progressed = true }
            }
            if rows.count < 100 || !progressed { return }
        }
    }

    /// One row's attempt; false when it waits for a retry and nothing was tried.
    private func attempt(_ row: SharedOutboxMessage, storage: any SharedOutboxStorage) -> Bool {
        let done = { [self] in
            state.withLock { _ = $0.retries.removeValue(forKey: "\(row.key)/\(row.sequence)") }
            do { try storage.markDone(Self.sharedName, key: row.key, sequence: row.sequence) } catch {
                logger.error("cannot mark mail sent in the shared outbox", metadata: ["error": "\(error)"])
            }
        }
        guard var entry = Self.entry(row) else { done(); return true }
        let clock = Double(now().secondsSince1970)
        if let retry = state.withLock({ $0.retries[entry.key] }) {
            guard retry.notBefore <= clock else { return false }
            entry.failures = retry.failures
            entry.firstAttempt = retry.firstAttempt
        }
        // No one to send it to any more, or superseded by the event's cancellation notice (which the file's
        // derivation drops such mail for at once: here the rows are the other instances' too, so at delivery).
        guard let message = message(for: entry), !supersededByCancellation(entry) else { done(); return true }
        switch verdict(on: transport.deliver(message, timeout: settings.timeoutSeconds), for: entry, at: now()) {
        case .finished: done()
        case .retry(let retried): state.withLock { $0.retries[retried.key] = retried }
        }
        return true
    }

    private func supersededByCancellation(_ entry: MailQueue.Entry) -> Bool {
        guard entry.kind != .cancelled, entry.kind != .eventCancelled,
              case .deferred(let eventId, _, _, _) = entry.content else { return false }
        return currentState().events[eventId]?.status == .cancelled
    }
}
