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
    /// `diagnose` says why a header that does not match failed (called outside the lock, only for a mismatch).
    func begin(_ precondition: StoreWrite.Precondition?,
               currentETag: (ReadResource) -> EntityTag?,
               diagnose: (_ header: String, ReadResource) -> PreconditionMismatch) throws(WriteProblem) -> String? {
        guard let precondition, let entity = precondition.resource.entity else { return nil }
        let mismatched = counts.withLock { (counts: inout [String: Int]) -> String? in
            if let header = precondition.ifMatch {
                // Another write is pending: whatever the client read is about to change.
                if counts[entity, default: 0] > 0 { return "" }
                if let current = currentETag(precondition.resource),
                   !Preconditions.ifMatchSatisfied(header, current: current) { return header }
            }
            counts[entity, default: 0] += 1
            return nil
        }
        guard let mismatched else { return entity }
        let mismatch: PreconditionMismatch = mismatched.isEmpty ? .changed : diagnose(mismatched, precondition.resource)
        throw .preconditionFailed(path: precondition.resource.path, mismatch)
    }

    func end(_ entity: String) {
        counts.withLock { counts in
            let left = counts[entity, default: 1] - 1
            counts[entity] = left > 0 ? left : nil
        }
    }
}
