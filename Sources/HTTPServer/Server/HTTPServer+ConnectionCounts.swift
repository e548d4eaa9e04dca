import Dispatch
import Synchronization

extension HTTPServer {
    /// Asks every loop for its connections' phases and waits for the answers (each loop owns its connections, so
    /// only it may look at them). Never call this from a loop's own thread: it would wait for itself.
    public func connectionCounts() -> ConnectionCounts {
        let counts = LoopAnswers()
        let group = DispatchGroup()
        for serverLoop in runningLoops {
            group.enter()
            serverLoop.loop.execute {
                counts.add(serverLoop.connectionCounts())
                group.leave()
            }
        }
        group.wait()
        return counts.total
    }
}

extension ServerLoop {
    func connectionCounts() -> ConnectionCounts {
        var counts = ConnectionCounts()
        for connection in connections.values {
            switch connection.state.activity {
            case .reading: counts.reading += 1
            case .writing: counts.writing += 1
            case .waiting: counts.waiting += 1
            }
        }
        return counts
    }
}

/// The loops' answers, added up as they arrive on their own threads.
private final class LoopAnswers: Sendable {
    private let sum = Mutex(ConnectionCounts())
    func add(_ counts: ConnectionCounts) { sum.withLock { $0 = $0 + counts } }
    var total: ConnectionCounts { sum.withLock { $0 } }
}
