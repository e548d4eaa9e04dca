// The seam below the store: where committed commands and snapshots go. `DurableStore` decides WHAT becomes
// durable (the inbox, group commit, applying on a spare copy, publishing, completions, snapshot policy); a
// command log decides WHERE the bytes go and how they come back. `JournalFileLog` (journal.jsonl +
// snapshot.json in one locked directory) is the first implementation; a shared PostgreSQL log (issue #15)
// is meant to be the second, behind the same requirements.
//
// The contract (every implementation; `CommandLogContractTests` checks it):
// - Ordering: records carry consecutive sequence numbers starting at 1, and the order of application is the
//   order of sequence numbers, on every reader. `records(after:)` yields them in that order, with no gap.
// - Durability before return: `append` returns only once its records survive a crash (fsync, or a
//   committed transaction). Nothing may be acknowledged to a caller before that.
// - Serialised appends: `append` hands `prepare` the records other writers appended after `sequence`
//   (always none for a log that has one writer, like the journal files) and appends what it returns right
//   after them, with nothing from anyone else in between: a batch is judged against the log's head, so
//   capacity checks hold across instances. A log with several writers does this inside one transaction
//   that first takes the log's lock.
// - Failure means "not appended, outcome unknown": a thrown `append` may or may not have left its records
//   in the log (a torn write, a connection lost while committing). The store answers every caller of that
//   batch "unavailable" (503) and treats the log as untrusted: it takes a snapshot of the last state it
//   knows durable (`startSnapshot` … `installSnapshot`), which must make the log appendable again, or calls
//   `refuseAppends`. Records that did land are then either gone (the journal files install an empty
//   journal over them: they were never acknowledged) or handed back as `newer` by the next append of a
//   shared log; an idempotency key on the client's retry resolves the unknown outcome.
// - Threads: every requirement runs on the store's writer queue (one at a time), except `writeSnapshot`,
//   which may run on another thread while appends go on (a background snapshot), never two at once, and
//   `close`, which a store dropped without closing calls from its deinit, when nothing else can run.

/// Where a `DurableStore` makes its commands and snapshots durable, and reads them back.
public protocol CommandLog<State>: AnyObject, Sendable {
    associatedtype State: JournaledState

    /// How the personal data of a purging command (`JournaledState.purgesHistory`) leaves the log.
    var historyPurge: HistoryPurge { get }

    /// Why the log refuses appends until it is reopened (the store found it untrustworthy), or nil.
    var unwritableReason: String? { get }

    /// Bytes of records kept since the last installed snapshot, for the size policy; nil when the log cannot
    /// tell (the store then snapshots by count and time only). Defaults to nil.
    var journalBytes: Int? { get }

    // MARK: Coming back from a refused write (a full disk)

    /// Appends will fail until a snapshot or `restartJournal` gives the log a fresh journal: a failed append
    /// (or journal replacement) left it none it can trust. Defaults to false.
    var needsRepair: Bool { get }

    /// Writes, syncs and removes a small file where the log keeps its data: whether the storage accepts writes
    /// again, before the store tries a whole snapshot. Defaults to doing nothing.
    func probeWrites() throws(StoreError)

    /// Makes appends possible again without a snapshot (the disk has room for the journal but not for one): a
    /// fresh journal holding the records known durable since the last snapshot, never the descriptor that failed.
    /// Defaults to throwing (only a snapshot repairs such a log).
    func restartJournal() throws(StoreError)

    // MARK: Recovery

    /// The latest snapshot, or nil when the log is empty (the store then seeds it). Throws when the log holds
    /// data it cannot explain (no snapshot beside a journal, a checksum that fails): never start empty over it.
    func loadSnapshot() throws(StoreError) -> LoggedSnapshot<State>?

    /// Hands `body` each record after `sequence`, in order. A record `body` refuses (throws) stops the read
    /// with an error naming where it is. Used at start (after the snapshot's sequence) and by a follower
    /// woken by `follow`. The report says what was tolerated and whether a snapshot must be taken first.
    func records(after sequence: UInt64,
                 _ body: (LoggedCommand<State.Command>) throws -> Void) throws(StoreError) -> CommandLogReplay

    /// Calls `wake` (on any thread) when others appended records this instance has not read; the store then
    /// reads them with `records(after:)`. A log with a single writer never calls it.
    func follow(_ wake: @escaping @Sendable () -> Void)

    // MARK: Writing

    /// Appends a batch durably (see the contract above). `prepare` receives the records others appended after
    /// `sequence` (to apply first), applies the batch and returns the encoded commands it accepted, in order;
    /// it runs exactly once, before anything is written. Returns the sequence numbers given to them (empty,
    /// starting after the head, when `prepare` returned none: nothing is written then).
    func append(after sequence: UInt64,
                _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> [[UInt8]]) throws(StoreError) -> Range<UInt64>

    /// The append of a batch holding a purging command, for a log whose `historyPurge` is `.inAppend` (the store
    /// puts that command first in its batch). As `append`, but `prepare` also returns the state after the batch
    /// when it accepted the command, and the log drops the records before the batch and every older snapshot for
    /// a snapshot of that state in the same durable step as the batch: a crash leaves all of the erasure or none
    /// of it. Defaults to `append` (the state unused: a `.bySnapshot` log purges through the store's snapshot).
    func appendPurging(after sequence: UInt64,
                       _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> (commands: [[UInt8]], purged: State?))
        throws(StoreError) -> Range<UInt64>

    /// Refuses every later append with `reason` (the store could not make the log trustworthy again).
    func refuseAppends(because reason: String)

    // MARK: Snapshots

    /// A snapshot of the state after record `sequence` begins: records appended from now on are the ones it
    /// lacks, which `installSnapshot` must keep.
    func startSnapshot(at sequence: UInt64)

    /// Writes `state`, the state after record `sequence`, durably as the latest snapshot; returns its size in
    /// bytes. May run on another thread while appends go on. A failure leaves the previous snapshot in force.
    func writeSnapshot(_ state: State, sequence: UInt64) throws(StoreError) -> Int

    /// The snapshot at `sequence` is written: records up to it are no longer needed to recover, and the log
    /// may drop them (the journal files do; a log whose history feeds change cursors keeps them). A failure
    /// leaves them in place, which is still correct: recovery skips what the snapshot holds.
    func installSnapshot(at sequence: UInt64) throws(StoreError)

    /// The snapshot at `sequence` failed or was superseded: forget it.
    func abandonSnapshot(at sequence: UInt64)

    /// Releases what the log holds (descriptors, the directory lock, connections). Idempotent.
    func close()
}

extension CommandLog {
    public var journalBytes: Int? { nil }
    public var needsRepair: Bool { false }
    public func probeWrites() throws(StoreError) {}
    public func restartJournal() throws(StoreError) {
        throw .io(operation: "restart the journal (this log can only be repaired by a snapshot)", path: "-", errno: 0)
    }

    public func appendPurging(after sequence: UInt64,
                              _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> (commands: [[UInt8]], purged: State?))
        throws(StoreError) -> Range<UInt64> {
        try append(after: sequence) { prepare($0).commands }
    }

    /// Takes a snapshot in one go on the calling (writer) thread: start, write, install. Returns its size.
    public func takeSnapshot(_ state: State, sequence: UInt64) throws(StoreError) -> Int {
        startSnapshot(at: sequence)
        let bytes: Int
        do { bytes = try writeSnapshot(state, sequence: sequence) } catch {
            abandonSnapshot(at: sequence)
            throw error
        }
        try installSnapshot(at: sequence)
        return bytes
    }
}
