/// Settings of the admin and registration routes (tokens, rate limits, idempotency). Owned by the write side,
/// which replaces this placeholder; the read side only carries it inside `APISettings`.
public struct WriteSettings: Sendable {
    public init() {}
}
