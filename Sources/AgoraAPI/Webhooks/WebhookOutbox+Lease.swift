import Synchronization

// What the shared outbox does as the lease comes and goes: taken, every subscription's worker starts from the
// first message the tables say is owed (the cursor); lost, the workers stop before their next message; at each
// tick, the subscriptions are reloaded and, on the holder, every worker is kicked (a message another instance
// inserted for a subscription this one learnt of late, a retry of the database).
extension WebhookOutbox {
    func leaseChanged(_ event: DeliveryLeaseEvent) {
        switch event {
        case .taken, .tick:
            reloadShared()
            guard let shared, shared.lease.isHeld else { return }
            for id in state.withLock({ Array($0.subscriptions.keys) }) { kick(id) }
            if pruneTicks.add(1, ordering: .relaxed).newValue % 600 == 0 {
                // Delivered rows are the cursor for the instances still deriving their batch: an hour is plenty.
                do { try shared.storage.prune(olderThanSeconds: 3_600) } catch {
                    logger.warning("cannot prune the shared outbox", metadata: ["error": "\(error)"])
                }
            }
        case .lost:
            // The workers see the lease gone before they send again (`sharedHead`); nothing else to undo.
            break
        }
    }

    /// The subscriptions, their last attempts and what they are owed, as the tables say now. Skipped when this
    /// instance changed them while it read (its memory is newer; the next tick reads again).
    func reloadShared() {
        guard let shared else { return }
        let before = sharedWrites.load(ordering: .sequentiallyConsistent)
        var loaded = State(file: nil)
        let backlog: [String: (count: Int, first: UInt64)]
        do {
            try Self.loadShared(shared.storage, into: &loaded)
            backlog = try shared.storage.backlog(Self.sharedName)
        } catch {
            logger.warning("cannot reload the shared webhook subscriptions", metadata: ["error": "\(error)"])
            return
        }
        let holder = shared.lease.isHeld
        state.withLock { outbox in
            guard sharedWrites.load(ordering: .sequentiallyConsistent) == before else { return }
            outbox.subscriptions = loaded.subscriptions
            var queues: [String: WebhookQueue] = [:]
            for id in loaded.subscriptions.keys {
                var queue = outbox.queues[id] ?? WebhookQueue()
                // The holder's own memory of its attempts is newer than the table it writes them to.
                if !holder || queue.lastSuccess == nil && queue.lastFailure == nil, let stored = loaded.queues[id] {
                    queue.lastSuccess = stored.lastSuccess
                    queue.lastFailure = stored.lastFailure
                    queue.lastFailureStatus = stored.lastFailureStatus
                    queue.lastError = stored.lastError
                }
                if let owed = backlog[id] {
                    queue.sharedBacklog = (count: owed.count, first: Optional(owed.first))
                } else {
                    queue.sharedBacklog = (count: 0, first: nil)
                }
                queues[id] = queue
            }
            outbox.queues = queues
        }
    }
}
