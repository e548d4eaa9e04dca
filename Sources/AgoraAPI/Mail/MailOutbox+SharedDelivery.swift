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
        let outcome = transport.deliver(message, timeout: settings.timeoutSeconds)
        let attempt = now()
        switch outcome {
        case .accepted:
            done()
        case .permanent(let reason):
            logger.error("the mail relay refused a message for good", metadata: [
                "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
            done()
        case .transient(let reason):
            entry.failures += 1
            let first = entry.firstAttempt ?? attempt
            entry.firstAttempt = first
            if Double(attempt.secondsSince1970 - first.secondsSince1970) >= settings.schedule.giveUpAfter {
                logger.error("a message was retried for too long: given up", metadata: [
                    "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
                done()
            } else {
                logger.warning("mail not delivered yet, will retry", metadata: [
                    "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
                entry.notBefore = Double(attempt.secondsSince1970)
                    + settings.schedule.delay(afterFailures: entry.failures, unit: Double.random(in: 0..<1))
                state.withLock { [entry] in $0.retries[entry.key] = entry }
            }
        }
        return true
    }

    private func supersededByCancellation(_ entry: MailQueue.Entry) -> Bool {
        guard entry.kind != .cancelled, entry.kind != .eventCancelled,
              case .deferred(let eventId, _, _, _) = entry.content else { return false }
        return currentState().events[eventId]?.status == .cancelled
    }
}
