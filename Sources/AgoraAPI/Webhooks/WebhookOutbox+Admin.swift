import AgoraDomain
import AgoraJSON
import Cryptography
import HTTPServer
import OutboundHTTP

// The admin's view and writes (`/webhooks`), each durable in the outbox file before it is answered. Called on
// `admin`, never on an event loop (each write is an fsync).
extension WebhookOutbox {
    /// What a subscription's body may say, checked; `current` supplies what a PATCH leaves out.
    func validated(_ body: JSONInput, current: WebhookSubscription?) throws(InvalidContent) -> (url: String, types: [String], events: [String], enabled: Bool) {
        var issues: [FieldIssue] = []
        guard case .object(let members) = body else {
            throw InvalidContent(issues: [FieldIssue(pointer: "", detail: "A JSON object with url, types, events and enabled.")])
        }
        for member in members where !["url", "types", "events", "enabled"].contains(member.key) {
            issues.append(FieldIssue(pointer: "/" + JSONPointer.escape(member.key), detail: "Unknown member."))
        }
        var url = current?.url ?? ""
        switch body["url"] {
        case .string(let text)?:
            url = text
            if let problem = urlProblem(text) { issues.append(FieldIssue(pointer: "/url", detail: problem)) }
        case nil where current != nil: break
        default: issues.append(FieldIssue(pointer: "/url", detail: "Required: the receiver's https URL."))
        }
        var types = current?.types ?? []
        switch body["types"] {
        case .array(let items)?:
            types = items.compactMap { if case .string(let text) = $0 { text } else { nil } }
            if types.isEmpty || types.count != items.count || !types.allSatisfy(WebhookSubscription.allTypes.contains) {
                issues.append(FieldIssue(pointer: "/types", detail: "A non-empty list of change types such as slot.updated (entity event, slot or partner; kind created, updated or deleted)."))
            }
        case nil where current != nil: break
        default: issues.append(FieldIssue(pointer: "/types", detail: "Required: the change types to deliver, such as slot.updated."))
        }
        var events = current?.events ?? []
        switch body["events"] {
        case .array(let items)?:
            events = items.compactMap { if case .string(let text) = $0 { text } else { nil } }
            if events.count != items.count { issues.append(FieldIssue(pointer: "/events", detail: "A list of event ids.")) }
        case .null?: events = []
        case nil: break
        default: issues.append(FieldIssue(pointer: "/events", detail: "A list of event ids."))
        }
        var enabled = current?.enabled ?? true
        switch body["enabled"] {
        case .bool(let value)?: enabled = value
        case nil: break
        default: issues.append(FieldIssue(pointer: "/enabled", detail: "A boolean."))
        }
        guard issues.isEmpty else { throw InvalidContent(issues: issues) }
        return (url, types, events, enabled)
    }

    /// Why `text` cannot be a receiver's URL: https only (plain http for loopback hosts and `webhookAllowedHosts`).
    func urlProblem(_ text: String) -> ProblemText? {
        guard let url = OutboundURL(text) else { return "An absolute http(s) URL without user info." }
        let loopback = ["localhost", "127.0.0.1", "::1"].contains(url.host)
        if url.scheme == .http && !loopback && !settings.allowedHosts.contains(url.host) {
            return "Plain http is only for loopback hosts and the hosts webhookAllowedHosts names; use https."
        }
        return nil
    }

    func create(_ body: JSONInput, after sequence: UInt64) throws(InvalidContent) -> JSONValue {
        let fields = try validated(body, current: nil)
        let id = "wh_" + SecureRandom.bytes(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let subscription = WebhookSubscription(id: id, url: fields.url, types: fields.types, events: fields.events,
                                               secret: WebhookSignature.newSecret(), enabled: fields.enabled,
                                               createdAfter: sequence)
        return state.withLock { outbox in
            outbox.subscriptions[id] = subscription
            outbox.queues[id] = WebhookQueue()
            record([subscription.record], in: &outbox)
            return Self.view(subscription, outbox.queues[id] ?? WebhookQueue(), secret: true)
        }
    }

    func update(_ id: String, _ body: JSONInput) throws -> JSONValue {
        guard let current = state.withLock({ $0.subscriptions[id] }) else { throw Self.notFound(id) }
        let fields = try validated(body, current: current)
        let view: JSONValue = state.withLock { outbox in
            var updated = current
            updated.url = fields.url
            updated.types = fields.types
            updated.events = fields.events
            updated.enabled = fields.enabled
            outbox.subscriptions[id] = updated
            if fields.enabled && !current.enabled {
                // Enabled again: its queue (everything since it was disabled) resumes from the head with a fresh
                // retry schedule, or the give-up limit of the last run would disable it again at the first failure.
                outbox.queues[id]?.failures = 0
                outbox.queues[id]?.firstAttempt = nil
            }
            record([updated.record], in: &outbox)
            return Self.view(updated, outbox.queues[id] ?? WebhookQueue(), secret: false)
        }
        kick(id)
        return view
    }

    func delete(_ id: String) throws {
        try state.withLock { outbox throws in
            guard outbox.subscriptions[id] != nil else { throw Self.notFound(id) }
            outbox.subscriptions[id] = nil
            outbox.queues[id] = nil
            record([.object([("op", .string("delete")), ("id", .string(id))])], in: &outbox)
        }
    }

    /// Queues again every retained change after `since` the subscription wants (those still queued stay once).
    func replay(_ id: String, after since: UInt64, feed: ChangeFeed) throws -> JSONValue {
        guard let subscription = state.withLock({ $0.subscriptions[id] }) else { throw Self.notFound(id) }
        let (page, _) = feed.page(after: since, limit: .max, events: Set(subscription.events))
        guard case .changes(let changes, _) = page else {
            if case .gone(let floor, let head) = page {
                throw ChangeProblem.notRetained(since: since, oldestSince: floor, latest: head)
            }
            return .null
        }
        let messages = changes.filter(subscription.wants).map {
            WebhookQueue.Message(sequence: $0.sequence, body: $0.webhookPayload)
        }
        let view: JSONValue = state.withLock { outbox in
            var queue = outbox.queues[id] ?? WebhookQueue()
            // Shared: the messages go to the tables (`record`), the deliverer reads them there.
            if shared == nil { for message in messages { queue.enqueue(message) } }
            outbox.queues[id] = queue
            record(messages.map { State.enqueueRecord(id, $0) }, in: &outbox)
            return .object([("queued", .int(messages.count)), ("backlog", .int(max(queue.backlogCount, messages.count)))])
        }
        kick(id)
        return view
    }

    func view(of id: String) throws -> JSONValue {
        try state.withLock { outbox throws in
            guard let subscription = outbox.subscriptions[id] else { throw Self.notFound(id) }
            return Self.view(subscription, outbox.queues[id] ?? WebhookQueue(), secret: false)
        }
    }

    var list: JSONValue {
        state.withLock { outbox in
            .array(outbox.subscriptions.values.sorted { $0.id < $1.id }.map {
                Self.view($0, outbox.queues[$0.id] ?? WebhookQueue(), secret: false)
            })
        }
    }

    /// The schema `Webhook` (openapi.yaml): the secret only in the answer to the creation and to a rotation.
    static func view(_ subscription: WebhookSubscription, _ queue: WebhookQueue, secret: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(subscription.id)), ("url", .string(subscription.url)),
            ("types", .array(subscription.types.map { .string($0) })),
            ("events", .array(subscription.events.map { .string($0) })),
            ("enabled", .bool(subscription.enabled)),
            ("createdAfter", .int(Int(subscription.createdAfter))),
            ("backlog", .int(queue.backlogCount)),
            ("nextSequence", queue.nextSequence.map { .int(Int($0)) } ?? .null),
            ("lastSuccess", .string(queue.lastSuccess?.rfc3339UTC)),
            ("lastFailure", queue.lastFailure.map { failure in
                .object([("time", .string(failure.rfc3339UTC)),
                         ("status", queue.lastFailureStatus.map { .int($0) } ?? .null),
                         ("error", .string(queue.lastError))])
            } ?? .null),
        ]
        if let until = subscription.previousSecretUntil {
            members.append(("previousSecretValidUntil", .string(until.rfc3339UTC)))
        }
        if secret { members.append(("secret", .string(subscription.secret))) }
        return .object(members)
    }

    static func notFound(_ id: String) -> Problem {
        Problem(status: .notFound, detail: "There is no webhook subscription \(id).")
    }
}
