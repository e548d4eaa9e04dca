public import FoundationEssentials
public import ObservationBuckets

/// What the store's writer counted, as a value for monitoring (`DurableStore.statistics`). The writer updates it
/// once per batch or snapshot — never per read — under its own small lock, so a scrape on another thread reads a
/// consistent copy without waiting for a batch's fsync.
public struct StoreStatistics: Sendable {
    /// Nanoseconds from a batch's records being ready to the log's append returning (for the journal files:
    /// the `write` and the `fsync`), once per batch that wrote something.
    public internal(set) var commitDurations = BucketedHistogram(upperBounds: Self.durationBounds)
    /// Commands per written batch (group commit: N concurrent writers make batches of up to N).
    public internal(set) var batchSizes = BucketedHistogram(upperBounds: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096])
    /// Nanoseconds each written snapshot took (encoding and writing it durably).
    public internal(set) var snapshotDurations = BucketedHistogram(upperBounds: [
        1_000_000, 10_000_000, 100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000,
        5_000_000_000, 10_000_000_000, 30_000_000_000, 60_000_000_000,
    ])
    public internal(set) var snapshotFailures: UInt64 = 0
    /// When the last snapshot was written (nil: none since the store opened) and its size.
    public internal(set) var lastSnapshotAt: Date?
    public internal(set) var lastSnapshotBytes = 0

    /// 50 µs … 10 s: an fsync on a fast SSD takes tens of µs, on a busy disk tens of ms.
    public static let durationBounds: [UInt64] = [
        50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
        100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000, 5_000_000_000, 10_000_000_000,
    ]

    public init() {}

    mutating func recordCommit(_ elapsed: Duration, commands: Int) {
        commitDurations.record(elapsed.wholeNanoseconds)
        batchSizes.record(UInt64(commands))
    }

    mutating func recordSnapshot(_ elapsed: Duration, bytes: Int, at time: Date) {
        snapshotDurations.record(elapsed.wholeNanoseconds)
        lastSnapshotAt = time
        lastSnapshotBytes = bytes
    }
}
