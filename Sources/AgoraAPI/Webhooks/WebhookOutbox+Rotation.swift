import AgoraDomain
import AgoraJSON

// Secret rotation (`POST /webhooks/{id}/rotate-secret`): a new secret, shown once, while the replaced one keeps
// signing for `webhookSecretGrace` — Standard Webhooks ("Signature scheme") lets `webhook-signature` carry several
// signatures, so a receiver holding either secret verifies every delivery until it has switched.
extension WebhookOutbox {
    func rotateSecret(_ id: String) throws -> JSONValue {
        let rotatedAt = now()
        return try state.withLock { outbox throws in
            guard var subscription = outbox.subscriptions[id] else { throw Self.notFound(id) }
            // A second rotation within the grace drops the oldest secret: only the one just replaced stays valid.
            subscription.previousSecret = subscription.secret
            subscription.previousSecretUntil = rotatedAt.adding(seconds: settings.secretGraceSeconds)
            subscription.secret = WebhookSignature.newSecret()
            outbox.subscriptions[id] = subscription
            record([subscription.record], in: &outbox)
            return Self.view(subscription, outbox.queues[id] ?? WebhookQueue(), secret: true)
        }
    }
}
