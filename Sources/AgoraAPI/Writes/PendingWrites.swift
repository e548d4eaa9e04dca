import Synchronization

/// Writes accepted but not yet durable, per stored entity. `If-Match` is checked when a request arrives, but the
/// command is applied later on the store's writer queue; without this, two admins holding the same ETag could
/// both pass the check while the first write waits for its fsync, and the second would overwrite the first
/// (the "lost update" RFC 9110 §13.1.1 exists to prevent). So a conditional write is refused with 412 while
/// another write to the same entity is pending, and the check plus the registration happen under one lock.
/// `StoreSubmission` is its only user: it begins a write here and ends it in its one completion point.
final class PendingWrites: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Checks `precondition` and registers the write as pending on its resource's entity, atomically with respect
    /// to other writes on it; returns the entity to `end` when the write completes (nil: nothing to end).
    /// §13.2.1: a resource that does not exist ignores the precondition (the domain then answers 404).
    func begin(_ precondition: StoreWrite.Precondition?,
               currentETag: (ReadResource) -> EntityTag?) throws(WriteProblem) -> String? {
        guard let precondition, let entity = precondition.resource.entity else { return nil }
        let failed = WriteProblem.preconditionFailed(path: precondition.resource.path)
        try counts.withLock { (counts: inout [String: Int]) throws(WriteProblem) in
            if let header = precondition.ifMatch {
                if counts[entity, default: 0] > 0 { throw failed }
                if let current = currentETag(precondition.resource),
                   !Preconditions.ifMatchSatisfied(header, current: current) { throw failed }
            }
            counts[entity, default: 0] += 1
        }
        return entity
    }

    func end(_ entity: String) {
        counts.withLock { counts in
            let left = counts[entity, default: 1] - 1
            counts[entity] = left > 0 ? left : nil
        }
    }
}
