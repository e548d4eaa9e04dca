import AgoraDomain
import Dispatch
import OutboundMail

// Delivery: one message at a time on `delivery`, earliest sequence first, each attempt blocking up to the timeout
// on the relay (never an event loop). Accepted (2yz after the data) or refused for good (5yz): a durable `done`.
// A transient failure (4yz, no answer): retried with the webhooks' back-off and jitter, given up after 3 days.
extension MailOutbox {
    /// `delivery` is serial: a kick while a message is being sent runs after it and finds what is due then.
    func kick() {
        if shared != nil {
            kickShared()
            return
        }
        delivery.async { self.deliverNext() }
    }

    private func deliverNext() {
        let clock = Double(now().secondsSince1970)
        let (due, timer): (MailQueue.Entry?, Double?) = state.withLock { outbox in
            let next = outbox.queue.next(at: clock)
            guard next.due == nil, let wakeAt = next.wakeAt else { return (next.due, nil) }
            // One timer at a time, for the earliest retry (a later kick may need an earlier one).
            if let pending = outbox.queue.timerAt, pending <= wakeAt { return (nil, nil) }
            outbox.queue.timerAt = wakeAt
            return (nil, wakeAt)
        }
        guard var entry = due else {
            if let timer {
                delivery.asyncAfter(deadline: .now() + max(timer - clock, 0.05)) {
                    self.state.withLock { outbox in if outbox.queue.timerAt == timer { outbox.queue.timerAt = nil } }
                    self.deliverNext()
                }
            }
            return
        }
        guard let message = message(for: entry) else {
            // Nothing to send any more (the person erased, the registration or its event gone since): no longer
            // owed. Derivation drops such mail as it commits; this is a commit that came while it was being taken.
            state.withLock { outbox in
                outbox.queue.remove(entry.key)
                append([MailQueue.doneRecord(entry).bytes], in: &outbox)
            }
            delivery.async { self.deliverNext() }
            return
        }
        let outcome = transport.deliver(message, timeout: settings.timeoutSeconds)
        let attempt = now()
        state.withLock { outbox in
            switch outcome {
            case .accepted:
                outbox.queue.remove(entry.key)
                append([MailQueue.doneRecord(entry).bytes], in: &outbox)
            case .permanent(let reason):
                logger.error("the mail relay refused a message for good", metadata: [
                    "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
                outbox.queue.remove(entry.key)
                append([MailQueue.doneRecord(entry).bytes], in: &outbox)
            case .transient(let reason):
                entry.failures += 1
                let first = entry.firstAttempt ?? attempt
                entry.firstAttempt = first
                if Double(attempt.secondsSince1970 - first.secondsSince1970) >= settings.schedule.giveUpAfter {
                    logger.error("a message was retried for too long: given up", metadata: [
                        "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
                    outbox.queue.remove(entry.key)
                    append([MailQueue.doneRecord(entry).bytes], in: &outbox)
                } else {
                    logger.warning("mail not delivered yet, will retry", metadata: [
                        "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
                    entry.notBefore = Double(attempt.secondsSince1970)
                        + settings.schedule.delay(afterFailures: entry.failures, unit: Double.random(in: 0..<1))
                    outbox.queue.update(entry)
                }
            }
        }
        // The next message as a new work item on the serial queue, not a call from inside this one: a backlog of
        // any length needs no deeper stack (as the webhook worker, `WebhookOutbox.deliverHead`).
        delivery.async { self.deliverNext() }
    }

    /// The message `entry` stands for, composed from the store's state now — not the state at its commit. An
    /// e-mail shows the event as it is when it goes out (a title, a start, a room changed meanwhile: the new one,
    /// as the calendar link and the API show it too); what it announces is the committed moment (`entry.kind`),
    /// in the language the registration had then, with the commit's time as its `Date` (Docs/mail.md, "What an
    /// e-mail shows"). Nil when there is no one to send it to any more.
    func message(for entry: MailQueue.Entry) -> MailMessage? {
        switch entry.content {
        case .composed(let message):
            return message
        case .deferred(let eventId, let language, let token, let date):
            let current = currentState()
            guard let registration = current.registrations[entry.registrationId], let event = current.events[eventId] else {
                return nil
            }
            return composer.compose(entry.kind, registration: registration, event: event,
                                    partners: current.partners(ofEvent: eventId).map(\.name), language: language,
                                    token: token, sequence: entry.sequence, date: date)
        }
    }
}
