/// When the store compacts (snapshot + journal truncation) and how it batches writes.
public struct StoreOptions: Sendable {
    /// Snapshot after this many journaled commands since the last snapshot; 0 disables the count policy.
    public var snapshotEveryCommands: Int
    /// Snapshot when this many seconds passed since the last snapshot and commands were journaled
    /// since; checked after every batch and by a timer. 0 disables the time policy.
    public var snapshotEverySeconds: Double
    /// Upper bound of commands written with one `write` + `fsync`, so one batch cannot grow without
    /// bound while the disk is slow.
    public var maxBatchSize: Int
    /// Policy snapshots are encoded and written on another thread while the writer keeps journaling
    /// (a large state takes seconds to encode). When false they run on the writer, pausing writes;
    /// tests use that for determinism. Erasures and close always snapshot synchronously.
    public var backgroundSnapshots: Bool
    /// Recovery reads the journal in pieces of about this many bytes, so it holds one piece in memory
    /// beside the state, not the whole file.
    public var recoveryReadBytes: Int
    /// How long opening waits for the data directory's lock before refusing. Another process may hold it for a
    /// moment without using the directory: the previous server still exiting on a restart, or a child just forked
    /// by a thread of ours (it shares the lock's open file description until its exec closes the copy).
    public var lockWaitSeconds: Double

    public init(snapshotEveryCommands: Int = 10_000, snapshotEverySeconds: Double = 300, maxBatchSize: Int = 4_096,
                backgroundSnapshots: Bool = true, recoveryReadBytes: Int = 32 << 20, lockWaitSeconds: Double = 2) {
        self.snapshotEveryCommands = snapshotEveryCommands
        self.snapshotEverySeconds = snapshotEverySeconds
        self.maxBatchSize = max(1, maxBatchSize)
        self.backgroundSnapshots = backgroundSnapshots
        self.recoveryReadBytes = max(1, recoveryReadBytes)
        self.lockWaitSeconds = max(0, lockWaitSeconds)
    }
}
