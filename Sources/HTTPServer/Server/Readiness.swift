import Synchronization

/// Where the server is in its life, as `/readyz` reports it: 503 while starting or draining, 200 when serving.
public enum ServerPhase: UInt8, Sendable {
    case starting = 0
    case ready = 1
    case draining = 2
    case stopped = 3
}

/// The phase, shared by every loop and the signal handler; an atomic, so `/readyz` reads it without a lock.
public final class Readiness: Sendable {
    private let phase = Atomic<UInt8>(ServerPhase.starting.rawValue)
    /// Extra conditions from the application (e.g. "the store can write"); all must hold for ready.
    private let checks: Mutex<[@Sendable () -> Bool]> = Mutex([])

    public init() {}

    public var current: ServerPhase { ServerPhase(rawValue: phase.load(ordering: .acquiring)) ?? .stopped }

    func set(_ new: ServerPhase) { phase.store(new.rawValue, ordering: .releasing) }

    public func addCheck(_ check: @escaping @Sendable () -> Bool) {
        checks.withLock { $0.append(check) }
    }

    public var isReady: Bool {
        guard current == .ready else { return false }
        let all = checks.withLock { $0 }
        return all.allSatisfy { $0() }
    }
}
