// A value computed on a queue of the caller's while the caller goes on with other work: the streamed snapshot load
// decodes its next window of registrations this way while it appends the previous one to the table.
import Dispatch
import Synchronization

final class BackgroundValue<Value: Sendable>: Sendable {
    private let group = DispatchGroup()
    private let result = Mutex<Value?>(nil)

    /// Starts `work` on `queue`. A queue of the caller's own, not a global one: the caller blocks in `take`, and the
    /// global queues are width-limited, so their threads may all be busy with the work `take` waits for.
    init(on queue: DispatchQueue, _ work: @escaping @Sendable () -> Value) {
        queue.async(group: group) { [self] in
            let value = work()
            result.withLock { $0 = value }
        }
    }

    /// Waits for the value; nil once it was taken.
    func take() -> Value? {
        group.wait()
        return result.withLock { $0.take() }
    }
}
