import Dispatch
import Synchronization

/// `body(0) … body(count - 1)` run on every core (`concurrentPerform`), the results in index order: nil where
/// `body` gave nil. For the snapshot's pieces, which are encoded and decoded in parallel but joined in order.
func concurrentMap<Value: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Value?) -> [Value?] {
    let results = Mutex([Value?](repeating: nil, count: count))
    DispatchQueue.concurrentPerform(iterations: count) { index in
        guard let value = body(index) else { return }
        results.withLock { $0[index] = value }
    }
    return results.withLock { $0 }
}
