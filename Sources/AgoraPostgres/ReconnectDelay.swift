/// Exponential back-off between reconnection attempts: 50 ms doubling up to 5 s, so a PostgreSQL restart is
/// noticed within moments while a long outage is not hammered with connection attempts.
struct ReconnectDelay {
    private var current: Int32 = 50
    static let ceiling: Int32 = 5_000

    /// The delay before the next attempt, in milliseconds; each call doubles the following one.
    mutating func next() -> Int32 {
        defer { current = min(current * 2, Self.ceiling) }
        return current
    }

    mutating func reset() { current = 50 }
}
