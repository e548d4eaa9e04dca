/// Settings of the admin and registration routes: who may write (tokens), how fast one address may register,
/// and how long the first answer to an `Idempotency-Key` is kept in memory.
public struct WriteSettings: Sendable {
    /// The tokens, replaceable while serving (`TokenList.replace`, on SIGHUP).
    public var tokenList: TokenList
    public var tokens: AccessTokens { tokenList.tokens }
    public var rateLimit: RegistrationRateLimit.Settings
    /// At least 24 h (the promise to clients retrying a registration).
    public var idempotencyRetentionSeconds: Double

    /// `tokenList` when given (the server keeps it to reload it), else a fixed list of `tokens`.
    public init(tokens: AccessTokens = AccessTokens(), tokenList: TokenList? = nil,
                rateLimit: RegistrationRateLimit.Settings = .init(), idempotencyRetentionSeconds: Double = 86_400) {
        self.tokenList = tokenList ?? TokenList(tokens)
        self.rateLimit = rateLimit
        self.idempotencyRetentionSeconds = max(86_400, idempotencyRetentionSeconds)
    }
}
