/// How the change feed (`GET /changes`) retains and streams.
public struct ChangeFeedSettings: Sendable {
    /// Most public changes kept in memory; a `since` older than the oldest of them answers 410.
    public var retained: Int
    /// How often a held stream gets a `:` comment, so proxies do not drop it as idle (15 s by default).
    public var heartbeat: Duration
    /// The `retry:` a stream starts with: how long a client waits before it reconnects, milliseconds.
    public var retryMilliseconds: Int
    /// Most changes in one JSON page (`limit`'s maximum; its default is 100).
    public var maxPage: Int

    public init(retained: Int = 10_000, heartbeat: Duration = .seconds(15), retryMilliseconds: Int = 3_000,
                maxPage: Int = 1_000) {
        self.retained = retained
        self.heartbeat = heartbeat
        self.retryMilliseconds = retryMilliseconds
        self.maxPage = maxPage
    }
}
