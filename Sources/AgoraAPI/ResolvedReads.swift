import Synchronization

/// The cache keys repeated public GETs resolved to (`ReadRequestKey`), so a cached read costs two lookups instead
/// of parsing `Accept`, the query and the language choice and building its key again (issue 16). Only reads that
/// were answered are remembered (a 400 or 406 is parsed every time, as before). Bounded like
/// `RepresentationCache`: when full it is emptied and refills from use, so random targets cannot grow it.
final class ResolvedReads: Sendable {
    private let resolved = Mutex([ReadRequestKey: ReadRequestKey.Resolved]())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    func resolution(of key: ReadRequestKey) -> ReadRequestKey.Resolved? {
        resolved.withLock { $0[key] }
    }

    func remember(_ resolution: ReadRequestKey.Resolved, for key: ReadRequestKey) {
        resolved.withLock { resolved in
            if resolved.count >= capacity, resolved[key] == nil { resolved.removeAll(keepingCapacity: true) }
            resolved[key] = resolution
        }
    }
}
