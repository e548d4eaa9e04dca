public import FoundationEssentials

/// What an operator (or a metrics exporter) reads about the store besides its state: whether it takes writes,
/// the transitions between writable and not since it opened, and the snapshot figures. A value, copied out under
/// the store's publishing lock; counters only grow.
public struct StoreStatus: Sendable, Equatable {
    /// False while writes are refused (503): a disk that refused a write, until a probe finds it writable again,
    /// or (until restart) a log the store could no longer trust.
    public var isWritable = true
    /// Why writes are refused (nil while writable).
    public var unwritableReason: String?
    /// Whether the store probes the disk and turns writable by itself (false: only a restart helps).
    public var recoversByItself = true
    /// Sequence number of the last durable command.
    public var sequence: UInt64 = 0
    /// Times the store turned unwritable since it opened.
    public var turnedUnwritable = 0
    /// Times it turned writable again after a successful probe (snapshot or fresh journal written).
    public var turnedWritable = 0
    /// Probes (or repairs after one) that failed while unwritable.
    public var failedDiskProbes = 0
    /// Snapshots written, and failed (policy, erasure, repair and close snapshots alike).
    public var snapshotsWritten = 0
    public var snapshotFailures = 0
    /// Size of the last snapshot written or loaded, in bytes (the size policy's yardstick).
    public var lastSnapshotBytes = 0
    /// When the last snapshot was written (by the store's clock; nil: none since it opened, e.g. one loaded at start)
    /// and how long it took to encode and write.
    public var lastSnapshotAt: Date?
    public var lastSnapshotSeconds = 0.0
    /// Journal bytes since the last snapshot (nil: the command log cannot tell).
    public var journalBytes: Int?

    public init() {}
}
