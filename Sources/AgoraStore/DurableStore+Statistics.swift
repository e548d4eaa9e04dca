extension DurableStore {
    /// The writer's counters (commit latency, batch sizes, snapshots), copied under their lock: never waits for
    /// a batch or a snapshot in progress.
    public var statistics: StoreStatistics { writer.statistics.withLock { $0 } }

    /// The journal file of a data directory, whose size monitoring reports (`agora_store_journal_bytes`).
    public static func journalPath(inDirectory directory: String) -> String {
        DataDirectory(path: directory).journal
    }
}
