#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic time in nanoseconds, for deadlines. Injected (a closure) where timeouts are decided, so the connection
/// lifecycle is tested by passing instants instead of sleeping.
public typealias MonotonicNanos = UInt64

public enum SystemClock {
    @inline(__always)
    public static func monotonicNanos() -> MonotonicNanos {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicNanos(ts.tv_sec) &* 1_000_000_000 &+ MonotonicNanos(ts.tv_nsec)
    }
}

extension Duration {
    /// Whole nanoseconds, saturating; deadlines are compared as plain integers on the hot path.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
    }
}
