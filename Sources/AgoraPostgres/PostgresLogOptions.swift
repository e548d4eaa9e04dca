/// How a `PostgresCommandLog` reaches and follows its database.
public struct PostgresLogOptions: Sendable {
    /// A libpq connection string: `postgres://user:password@host:port/database?sslmode=…` or `host=… dbname=…`.
    public var url: String
    /// How often a follower asks for the log's head besides listening (notifications are lost across
    /// reconnects): the longest a missed notification can leave an instance behind.
    public var pollSeconds: Double
    /// Rows read per query while recovering or following, so a million records never sit in one result.
    public var readBatchRows: Int
    /// The most bytes of the state's JSON one agora_snapshot_pieces row holds (a UTF-8 character is never cut: with
    /// rows smaller than a character, a row is that character): a large state is neither one huge value nor
    /// thousands of tiny rows, and a loading instance holds one row at a time. At most 512 MiB: PostgreSQL refuses
    /// a value over 1 GB.
    public var snapshotPieceBytes: Int

    public init(url: String, pollSeconds: Double = 1, readBatchRows: Int = 10_000, snapshotPieceBytes: Int = 4 << 20) {
        self.url = url
        self.pollSeconds = pollSeconds
        self.readBatchRows = max(1, readBatchRows)
        self.snapshotPieceBytes = min(max(1, snapshotPieceBytes), 512 << 20)
    }
}
