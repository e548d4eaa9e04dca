// The second command log (issue #15): PostgreSQL as the log several instances share. Commands are rows of
// agora_commands in sequence order; an append is one transaction that takes the log's advisory lock, hands the
// store the rows others appended, inserts the batch and commits (PostgresCommandLog+Appending); followers are
// woken by LISTEN/NOTIFY and a poll (PostgresListener); snapshots are rows too (+Snapshots). Every instance
// still holds the whole state in memory and serves reads from it.
public import AgoraStore
import FoundationEssentials
public import Logging
import Synchronization

// @unchecked Sendable: `writer`, `refused`, `snapshotInProgress`, `holdsSeedLock` and `listener` are confined to
// the store's writer queue (the CommandLog contract), or used by `open` before the log is shared; the snapshot
// connection, used by `writeSnapshot` on the snapshot queue, is behind the `snapshotConnection` mutex; `head` is
// atomic (the listener's thread reads it).
public final class PostgresCommandLog<State: JournaledState>: CommandLog, @unchecked Sendable {
    let options: PostgresLogOptions
    let logger: Logger
    /// The connection appends, recovery and following use; nil until (re)connected.
    var writer: PostgresConnection?
    let snapshotConnection = Mutex<PostgresConnection?>(nil)
    var refused: String?
    var snapshotInProgress: UInt64?
    /// Held between finding an empty database and installing the seed's snapshot, so instances starting
    /// together on a new database seed it once: the others wait, then load that snapshot.
    var holdsSeedLock = false
    var seedChecked = false
    var listener: PostgresListener?
    /// The last sequence this instance read or appended: the listener wakes the store only for a head past it.
    let head = Atomic<UInt64>(0)
    private var closed = false

    /// Erasure is purged inside the erasing batch's own transaction: a snapshot of the state after it replaces
    /// the older snapshots and the rows before it (+Purging), so no crash can leave an erasure beside the data.
    public var historyPurge: HistoryPurge { .inAppend }

    public var unwritableReason: String? { refused }

    init(options: PostgresLogOptions, logger: Logger, writer: PostgresConnection) {
        self.options = options
        self.logger = logger
        self.writer = writer
    }

    /// Connects to `options.url` and migrates the schema to this server's version.
    public static func open(options: PostgresLogOptions,
                            logger: Logger = Logger(label: "agora.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        throws(StoreError) -> PostgresCommandLog {
        do throws(PostgresError) {
            let connection = try PostgresConnection.connect(options.url)
            try PostgresSchema.migrate(connection)
            return PostgresCommandLog(options: options, logger: logger, writer: connection)
        } catch {
            throw .database(operation: "open the PostgreSQL log", reason: "\(error)")
        }
    }

    /// The append connection, reconnecting if the last one broke (on the writer queue).
    func connection() throws(StoreError) -> PostgresConnection {
        if let writer, !writer.isBroken { return writer }
        writer = nil
        do throws(PostgresError) {
            let fresh = try PostgresConnection.connect(options.url)
            writer = fresh
            return fresh
        } catch {
            throw .database(operation: "connect to PostgreSQL", reason: "\(error)")
        }
    }

    /// The server process of the append connection (0 while none): what a test terminates.
    public var writerBackendPID: Int32 { writer?.backendPID ?? 0 }

    /// The server process of the LISTEN connection (0 while none).
    public var listenerBackendPID: Int32 { listener?.backendPID.load(ordering: .sequentiallyConsistent) ?? 0 }

    public func follow(_ wake: @escaping @Sendable () -> Void) {
        guard listener == nil, !closed else { return }
        let listener = PostgresListener(url: options.url, pollSeconds: options.pollSeconds, logger: logger,
                                        known: { [weak self] in self?.head.load(ordering: .sequentiallyConsistent) ?? .max }, wake: wake)
        self.listener = listener
        listener.start()
    }

    public func refuseAppends(because reason: String) {
        if refused == nil { refused = reason }
    }

    /// Whether PostgreSQL answers again (the store's probe while writes are refused).
    public func probeWrites() throws(StoreError) {
        let connection = try connection()
        do throws(PostgresError) { try connection.execute("SELECT 1") } catch {
            writer = nil
            throw .database(operation: "probe PostgreSQL", reason: "\(error)")
        }
    }

    /// A fresh connection is this log's fresh journal: every acknowledged row is already in the database.
    public func restartJournal() throws(StoreError) {
        writer = nil
        try probeWrites()
    }

    public func close() {
        guard !closed else { return }
        closed = true
        listener?.stop()
        listener = nil
        writer = nil  // closing the connection also releases a seed lock still held
        snapshotConnection.withLock { $0 = nil }
    }

    func failure(_ operation: String, _ error: PostgresError) -> StoreError {
        .database(operation: operation, reason: "\(error)")
    }
}
