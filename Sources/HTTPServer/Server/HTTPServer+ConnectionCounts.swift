import Dispatch
import Synchronization

/// How many open connections are in each phase, as nginx's `stub_status` counts them: reading a request, answering
/// one (handler running or response still being written), or waiting idle for the next request on a keep-alive
/// connection. For monitoring, and for tests that must know the server has seen bytes before acting on it.
public struct ConnectionCounts: Sendable, Equatable, CustomStringConvertible {
    public var reading = 0
    public var writing = 0
    public var waiting = 0

    public init(reading: Int = 0, writing: Int = 0, waiting: Int = 0) {
        self.reading = reading
        self.writing = writing
        self.waiting = waiting
    }

    public var total: Int { reading + writing + waiting }

    public static func + (left: Self, right: Self) -> Self {
        Self(reading: left.reading + right.reading, writing: left.writing + right.writing,
             waiting: left.waiting + right.waiting)
    }
    public var description: String { "reading \(reading), writing \(writing), waiting \(waiting)" }
}

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
            switch connection.phase {
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
