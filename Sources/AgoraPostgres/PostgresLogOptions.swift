/// How a `PostgresCommandLog` reaches and follows its database.
public struct PostgresLogOptions: Sendable {
    /// A libpq connection string: `postgres://user:password@host:port/database?sslmode=…` or `host=… dbname=…`.
    public var url: String
    /// How often a follower asks for the log's head besides listening (notifications are lost across
    /// reconnects): the longest a missed notification can leave an instance behind.
    public var pollSeconds: Double
    /// Rows read per query while recovering or following, so a million records never sit in one result.
    public var readBatchRows: Int

    public init(url: String, pollSeconds: Double = 1, readBatchRows: Int = 10_000) {
        self.url = url
        self.pollSeconds = pollSeconds
        self.readBatchRows = max(1, readBatchRows)
    }
}
