import Synchronization

/// What the API's routes count for monitoring. Only refusals are counted here — a rare path, where one relaxed
/// atomic add costs nothing a client would notice; the request path itself is counted by the engine's loops.
public final class APIStatistics: Sendable {
    private let refusals = Atomic<UInt64>(0)

    public init() {}

    /// Registrations refused with 429 by the per-address rate limit since start.
    public var rateLimitRefusals: UInt64 { refusals.load(ordering: .relaxed) }

    func countRateLimitRefusal() { refusals.add(1, ordering: .relaxed) }
}
