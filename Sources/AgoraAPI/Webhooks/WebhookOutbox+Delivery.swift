import AgoraDomain
import Dispatch
import OutboundHTTP

// Delivery: one message at a time per subscription (its queue's head), so a receiver gets its changes in order;
// off the event loops, on a global queue that may block up to `timeoutSeconds` (the client's deadline).
extension WebhookOutbox {
    /// What one attempt came to (Standard Webhooks, "Retry schedule" and "Disabling"): 2xx delivered; 410 the
    /// receiver asks to be forgotten; anything else, or no answer, is retried.
    enum Outcome: Equatable {
        case delivered
        case gone
        case retry(status: Int?, error: String?, after: Double?)
    }

    static func outcome(of result: Result<OutboundResponse, OutboundError>, schedule: WebhookSchedule) -> Outcome {
        switch result {
        case .success(let response) where (200...299).contains(response.status): .delivered
        case .success(let response) where response.status == 410: .gone
        case .success(let response):
            // 429 and 503 may say when to come back (RFC 6585 §4, RFC 9110 §15.6.4 with §10.2.3).
            .retry(status: response.status, error: nil,
                   after: [429, 503].contains(response.status) ? schedule.retryAfter(response["retry-after"]) : nil)
        case .failure(let error): .retry(status: nil, error: error.description, after: nil)
        }
    }

    /// Starts the subscription's worker unless one runs, it is disabled, or nothing is owed.
    func kick(_ id: String) {
        // Shared: only the lease's holder delivers, and what is owed is in the tables, not in `pending`.
        if let shared, !shared.lease.isHeld { return }
        let start = state.withLock { outbox -> Bool in
            guard outbox.subscriptions[id]?.enabled == true, var queue = outbox.queues[id] else { return false }
            if queue.running {
                if shared != nil { outbox.queues[id]?.kickedWhileRunning = true }
                return false
            }
            guard shared != nil || !queue.pending.isEmpty else { return false }
            queue.running = true
            outbox.queues[id] = queue
            return true
        }
        if start { DispatchQueue.global(qos: .utility).async { self.deliverHead(of: id) } }
    }

    /// Sends the head message once and decides what comes next: the following message, a retry later, or a stop.
    func deliverHead(of id: String) {
        // Shared: the head is the tables' (the cursor), read before the lock; nil stopped the worker already.
        var tableHead: WebhookQueue.Message?
        if shared != nil {
            guard let head = sharedHead(of: id) else { return }
            tableHead = head
        }
        let next: (WebhookSubscription, WebhookQueue.Message)? = state.withLock { outbox in
            guard let subscription = outbox.subscriptions[id], subscription.enabled,
                  let message = tableHead ?? outbox.queues[id]?.pending.first else {
                outbox.queues[id]?.running = false
                return nil
            }
            return (subscription, message)
        }
        guard let (subscription, message) = next else { return }
        let result = send(message, to: subscription)
        let attemptTime = now()
        let outcome = Self.outcome(of: result, schedule: settings.schedule)
        let retryDelay: Double? = state.withLock { outbox in
            guard var queue = outbox.queues[id], var current = outbox.subscriptions[id] else { return nil }
            switch outcome {
            case .delivered:
                queue.acknowledge(message.sequence)
                queue.lastSuccess = attemptTime
                outbox.queues[id] = queue
                record([State.doneRecord(id, message.sequence, at: attemptTime)], in: &outbox)
                return 0
            case .gone:
                queue.lastFailure = attemptTime
                queue.lastFailureStatus = 410
                queue.lastError = "the receiver answered 410 Gone: subscription disabled"
                current.enabled = false
                outbox.subscriptions[id] = current
                queue.running = false
                outbox.queues[id] = queue
                record([current.record, State.stateRecord(id, queue, op: "failure")], in: &outbox)
                return nil
            case .retry(let status, let error, let after):
                queue.failures += 1
                let first = queue.firstAttempt ?? attemptTime
                queue.firstAttempt = first
                queue.lastFailure = attemptTime
                queue.lastFailureStatus = status
                queue.lastError = error
                var records = [State.stateRecord(id, queue, op: "failure")]
                let elapsed = Double(attemptTime.secondsSince1970 - first.secondsSince1970)
                if elapsed >= settings.schedule.giveUpAfter {
                    // Given up after the schedule's span: disabled, the message kept (re-enabling resumes there).
                    queue.lastError = (error ?? "status \(status.map(String.init) ?? "?")") + "; retried for too long: subscription disabled"
                    current.enabled = false
                    outbox.subscriptions[id] = current
                    queue.running = false
                    records = [current.record, State.stateRecord(id, queue, op: "failure")]
                    outbox.queues[id] = queue
                    record(records, in: &outbox)
                    return nil
                }
                outbox.queues[id] = queue
                record(records, in: &outbox)
                return after ?? settings.schedule.delay(afterFailures: queue.failures, unit: Double.random(in: 0..<1))
            }
        }
        guard let retryDelay else { return }
        if retryDelay == 0 {
            // The next message as a new work item, not a call from inside this one: a backlog of any length then
            // needs no deeper stack (one nested frame per message overflowed it at some thousands).
            DispatchQueue.global(qos: .utility).async { self.deliverHead(of: id) }
        } else {
            DispatchQueue.global(qos: .utility).asyncAfter(deadline: .now() + retryDelay) { self.deliverHead(of: id) }
        }
    }

    /// One signed POST (Standard Webhooks, "Sending webhooks"): the id is the same on every attempt of a message,
    /// the timestamp and signature are those of the attempt.
    func send(_ message: WebhookQueue.Message, to subscription: WebhookSubscription) -> Result<OutboundResponse, OutboundError> {
        guard let url = OutboundURL(subscription.url) else { return .failure(.malformedResponse) }
        let id = Self.messageID(subscription: subscription.id, sequence: message.sequence)
        let timestamp = now().secondsSince1970
        let secrets = subscription.signingSecrets(at: Instant(secondsSince1970: timestamp))
        guard let signature = WebhookSignature.header(secrets: secrets, id: id, timestamp: timestamp, body: message.body)
        else { return .failure(.refused("the subscription's secret is malformed")) }
        let request = OutboundRequest(url: url, headers: [
            ("Content-Type", "application/json"),
            ("User-Agent", "agora-webhooks"),
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature),
        ], body: message.body)
        do { return .success(try client.send(request, timeout: settings.timeoutSeconds)) } catch { return .failure(error) }
    }

    /// Stable across retries and restarts: the subscription and the change's sequence.
    static func messageID(subscription: String, sequence: UInt64) -> String {
        "msg_\(subscription)_\(sequence)"
    }
}
