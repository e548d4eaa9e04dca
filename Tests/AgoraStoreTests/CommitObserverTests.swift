import AgoraStore
import Dispatch
import Synchronization
import Testing
import TestSupport

/// Commit observers: every durable command reaches them once, by sequence, with the state after its batch, before
/// its caller is told; refused commands never do.
@Suite struct CommitObserverTests {
    /// What the observer and the callers saw, shared across their threads.
    final class Record: Sendable {
        let sequences = Mutex<[UInt64]>([])
        let stateMatched = Mutex(true)
        let heardBeforeObserved = Mutex(false)
    }

    @Test func everyDurableCommandOnceInSequenceOrderBeforeItsCallerHears() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("before", "x")
        let record = Record()
        let start = store.observeCommits { committed in
            record.sequences.withLock { $0 += committed.commands.map(\.sequence) }
            // The state handed over is the one after the batch's last command.
            if committed.state.entries.count != Int(committed.sequence) { record.stateMatched.withLock { $0 = false } }
        }
        #expect(start == 1)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    let result = await store.submit(.put(key: "k\(index)", value: "v"))
                    // The caller hears after the observer saw its command.
                    if case .success = result, record.sequences.withLock({ $0.count }) == 0 { record.heardBeforeObserved.withLock { $0 = true } }
                }
            }
            group.addTask { _ = await store.submit(.remove(key: "missing")) }   // refused: never observed
        }
        #expect(record.sequences.withLock { $0 } == Array(2...201))
        #expect(record.stateMatched.withLock { $0 })
        #expect(!record.heardBeforeObserved.withLock { $0 })
        try store.close()
    }
}
