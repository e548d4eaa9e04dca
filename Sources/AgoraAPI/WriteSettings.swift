/// Settings of the admin and registration routes: who may write (tokens), how fast one address may register,
/// and how long the first answer to an `Idempotency-Key` is kept in memory.
public struct WriteSettings: Sendable {
    public var tokens: AccessTokens
    public var rateLimit: RegistrationRateLimit.Settings
    /// At least 24 h (the promise to clients retrying a registration).
    public var idempotencyRetentionSeconds: Double

    public init(tokens: AccessTokens = AccessTokens(), rateLimit: RegistrationRateLimit.Settings = .init(),
                idempotencyRetentionSeconds: Double = 86_400) {
        self.tokens = tokens
        self.rateLimit = rateLimit
        self.idempotencyRetentionSeconds = max(86_400, idempotencyRetentionSeconds)
    }
}
