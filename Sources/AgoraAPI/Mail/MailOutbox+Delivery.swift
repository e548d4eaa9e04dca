import AgoraDomain
import Dispatch
import OutboundMail

// Delivery: one message at a time on `delivery`, earliest sequence first, each attempt blocking up to the timeout
// on the relay (never an event loop). A message no longer owed (`verdict`, +Outcome) gets a durable `done`; one
// retried goes back to the queue with its next try.
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
        guard let entry = due else {
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
        let verdict = verdict(on: outcome, for: entry, at: now())
        state.withLock { outbox in
            switch verdict {
            case .finished:
                outbox.queue.remove(entry.key)
                append([MailQueue.doneRecord(entry).bytes], in: &outbox)
            case .retry(let retried):
                outbox.queue.update(retried)
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
