import HTTPServer
import Synchronization

/// Writes accepted but not yet durable, per resource. `If-Match` is checked when a request arrives, but the
/// command is applied later on the store's writer queue; without this, two admins holding the same ETag could
/// both pass the check while the first write waits for its fsync, and the second would overwrite the first
/// (the "lost update" RFC 9110 §13.1.1 exists to prevent). So a conditional write is refused with 412 while
/// another write to the same resource is pending, and the check plus the registration happen under one lock.
final class PendingWrites: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Registers a write on `resource` after running `precondition`, atomically with respect to other
    /// writes on it. A conditional write finding another one pending fails as `busy`.
    func begin(_ resource: String, conditional: Bool, busy: WriteProblem,
               precondition: () throws(WriteProblem) -> Void) throws(WriteProblem) {
        try counts.withLock { (counts: inout [String: Int]) throws(WriteProblem) in
            if conditional, counts[resource, default: 0] > 0 { throw busy }
            try precondition()
            counts[resource, default: 0] += 1
        }
    }

    func end(_ resource: String) {
        counts.withLock { counts in
            let left = counts[resource, default: 1] - 1
            counts[resource] = left > 0 ? left : nil
        }
    }

    /// Runs `write` as a pending write on `resource`: `If-Match` checked against `path`'s current ETag, the
    /// resource released when the reply completes (after the store's fsync, or at once for an error).
    func run(_ request: Request, resource: String, path: String, currentETag: (String) -> EntityTag?,
             _ write: () throws -> Reply) throws -> Reply {
        let header = request.headers["If-Match"]
        try begin(resource, conditional: header != nil, busy: .preconditionFailed(path: path)) { () throws(WriteProblem) in
            // §13.2.1: a resource that does not exist ignores the precondition and answers 404 from the domain.
            guard let header, let current = currentETag(path) else { return }
            guard Preconditions.ifMatchSatisfied(header, current: current) else { throw .preconditionFailed(path: path) }
        }
        let reply: Reply
        do { reply = try write() } catch {
            end(resource)
            throw error
        }
        guard case .later(let start) = reply else {
            end(resource)
            return reply
        }
        return .later { completion in
            start(ResponseCompletion { result in
                self.end(resource)
                switch result {
                case .success(let response): completion.succeed(response)
                case .failure(let error): completion.fail(error)
                }
            })
        }
    }
}
