// The first command log: one data directory holding journal.jsonl (one checksummed JSON line per command,
// appended with one write + one fsync per batch) and snapshot.json (the latest state), guarded by a `flock`
// on LOCK so one process at a time owns it (Redis AOF + RDB). Recovery, appending and snapshots live in
// JournalFileLog+Recovery, +Appending and +Snapshots.
import Dispatch
public import FoundationEssentials
import Glibc

// @unchecked Sendable: the mutable fields are confined to the store's writer queue (DurableStore.queue,
// serial), or used by `open` before the log is shared; `writeSnapshot`, the one requirement that runs on
// another thread, reads only the immutable `directory` and `fileSystem`.
public final class JournalFileLog<State: JournaledState>: CommandLog, @unchecked Sendable {
    let directory: DataDirectory
    let fileSystem: any FileSystem
    /// Recovery reads the journal in pieces of about this many bytes (StoreOptions.recoveryReadBytes).
    let pieceBytes: Int
    /// Stamps each batch's records (the `time` field; informative, replay ignores it).
    let now: @Sendable () -> Date
    let lock: OpenFile

    /// The journal appends go to. nil before recovery found it appendable, after an append failed (its
    /// descriptor is never written again, see `append`) until a snapshot installs a fresh one, and once
    /// the log is unwritable or closed.
    var journal: OpenFile?
    /// Whether the journal to append to is settled: by the first `records(after:)` call (recovery, which
    /// decides whether the journal can be appended to as is) or by a journal replacement.
    var recovered = false
    /// The journal's length up to its last successful fsync: the bytes known to be on disk, which
    /// `restartJournal` copies into a fresh file. nil while no journal is in service or which file the name
    /// points to is uncertain (a journal replacement whose rename or directory sync failed).
    var durableBytes: Int?
    private(set) public var unwritableReason: String?
    /// The snapshot in progress (`startSnapshot`) and the journal lines appended since it began: the
    /// journal that replaces the old one once the snapshot is durable.
    var snapshotInProgress: UInt64?
    var tail: [UInt8] = []
    private(set) var closed = false

    public var historyPurge: HistoryPurge { .bySnapshot }

    public var journalBytes: Int? { durableBytes }

    public var needsRepair: Bool { recovered && journal == nil && unwritableReason == nil && !closed }

    init(directory: DataDirectory, fileSystem: any FileSystem, pieceBytes: Int,
         now: @escaping @Sendable () -> Date, lock: OpenFile) {
        self.directory = directory
        self.fileSystem = fileSystem
        self.pieceBytes = pieceBytes
        self.now = now
        self.lock = lock
    }

    /// Opens (creating if needed) the data directory `directory` and takes its lock, retried every 10 ms for
    /// up to `options.lockWaitSeconds` while someone else holds it; then `.lockedByAnotherProcess`.
    public static func open(directory: String, options: StoreOptions = StoreOptions(),
                            fileSystem: any FileSystem = PosixFileSystem(),
                            now: @escaping @Sendable () -> Date = { Date() }) throws(StoreError) -> JournalFileLog {
        let paths = DataDirectory(path: directory)
        do { try fileSystem.createDirectory(directory) } catch { throw StoreError(error) }
        let deadline = DispatchTime.now() + .milliseconds(Int(min(options.lockWaitSeconds, 3_600) * 1_000))
        while true {
            do {
                let lock = try fileSystem.lockExclusively(paths.lockFile)
                return JournalFileLog(directory: paths, fileSystem: fileSystem, pieceBytes: options.recoveryReadBytes,
                                      now: now, lock: lock)
            } catch {
                guard error.errno == EWOULDBLOCK else { throw StoreError(error) }
                guard DispatchTime.now() < deadline else { throw .lockedByAnotherProcess(path: paths.lockFile) }
                usleep(10_000)
            }
        }
    }

    /// One writer per directory (the lock): nobody else ever appends, so there is nothing to follow.
    public func follow(_ wake: @escaping @Sendable () -> Void) {}

    public func refuseAppends(because reason: String) {
        guard unwritableReason == nil else { return }
        unwritableReason = reason
        if let journal { fileSystem.close(journal) }
        journal = nil
        durableBytes = nil
    }

    public func close() {
        guard !closed else { return }
        closed = true
        if let journal { fileSystem.close(journal) }
        journal = nil
        fileSystem.close(lock)
    }
}
