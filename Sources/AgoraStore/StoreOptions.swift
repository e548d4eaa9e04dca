/// When the store compacts (snapshot + journal truncation), how it batches writes and how it comes back from a
/// disk that refused a write.
public struct StoreOptions: Sendable {
    /// Snapshot after this many journaled commands since the last snapshot; 0 (the default) disables the count
    /// policy. A fixed count re-encodes the whole state every N commands however large it grew, so sustained
    /// writes slow down as the state grows (issue 13 item 5): the size policy below is the default instead.
    public var snapshotEveryCommands: Int
    /// Snapshot when the journal grew to this percentage of the last snapshot's size (Redis's
    /// `auto-aof-rewrite-percentage`): the snapshot work then stays proportional to the writes, whatever the
    /// state's size. 0 disables the size policy.
    public var snapshotJournalPercent: Int
    /// …and to at least this many bytes (Redis's `auto-aof-rewrite-min-size`), so a small state is not
    /// snapshotted after every few writes.
    public var snapshotJournalMinBytes: Int
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
    /// While a refused write (a full disk) keeps the store unwritable, a probe write is tried this often (and
    /// before a write that arrives once this long passed since the last one); when it succeeds the store writes a
    /// fresh snapshot and journal and turns writable again. 0: probe only when a write arrives.
    public var diskProbeSeconds: Double

    public init(snapshotEveryCommands: Int = 0, snapshotEverySeconds: Double = 300, maxBatchSize: Int = 4_096,
                backgroundSnapshots: Bool = true, recoveryReadBytes: Int = 32 << 20, lockWaitSeconds: Double = 2,
                snapshotJournalPercent: Int = 100, snapshotJournalMinBytes: Int = 16 << 20, diskProbeSeconds: Double = 5) {
        self.snapshotEveryCommands = snapshotEveryCommands
        self.snapshotJournalPercent = max(0, snapshotJournalPercent)
        self.snapshotJournalMinBytes = max(0, snapshotJournalMinBytes)
        self.snapshotEverySeconds = snapshotEverySeconds
        self.maxBatchSize = max(1, maxBatchSize)
        self.backgroundSnapshots = backgroundSnapshots
        self.recoveryReadBytes = max(1, recoveryReadBytes)
        self.lockWaitSeconds = max(0, lockWaitSeconds)
        self.diskProbeSeconds = max(0, diskProbeSeconds)
    }
}
