import Dispatch
import Synchronization

extension HTTPServer {
    /// Asks every loop for its counters and connection phases, without blocking the caller: `completion` runs
    /// (on some other thread) once every loop answered. Safe to call from a handler on a loop — it never waits.
    /// Before `start` and after the loops stopped the answer is empty at once (a stopped loop runs nothing more).
    public func metrics(_ completion: @escaping @Sendable (ServerMetrics) -> Void) {
        let loops = runningLoops
        guard !loops.isEmpty, readiness.current != .stopped else { return completion(ServerMetrics()) }
        let answers = MetricsAnswers()
        let group = DispatchGroup()
        let patterns = shared.routePatterns
        for serverLoop in loops {
            group.enter()
            serverLoop.loop.execute {
                var share = serverLoop.metrics.snapshot(patterns: patterns)
                share.connections = serverLoop.connectionCounts()
                answers.add(share)
                group.leave()
            }
        }
        group.notify(queue: .global()) { completion(answers.total) }
    }

    public func metrics() async -> ServerMetrics {
        await withCheckedContinuation { continuation in metrics { continuation.resume(returning: $0) } }
    }
}

/// The loops' shares, added up as they arrive on their own threads.
private final class MetricsAnswers: Sendable {
    private let sum = Mutex(ServerMetrics())
    func add(_ share: ServerMetrics) { sum.withLock { $0.add(share) } }
    var total: ServerMetrics { sum.withLock { $0 } }
}
