// The writer's side of the store: the working state, the command log and the snapshot policy.
// Everything here runs on DurableStore.queue (serial), or in `open` before the store is shared.
import Dispatch
import FoundationEssentials
import Logging
import Synchronization

// @unchecked Sendable: all mutable fields are confined to DurableStore.queue, a serial queue; `open`
// touches them only before the store is published to any other thread.
final class StoreWriter<State: JournaledState>: @unchecked Sendable {
    let log: any CommandLog<State>
    let options: StoreOptions
    let now: @Sendable () -> Date
    let logger: Logger

    /// The last durable state and its sequence (equal to what readers see once published).
    var state: State
    var sequence: UInt64
    /// A second copy of `state`, not shared with readers, for the next batch to change in place.
    /// Without it each batch would copy the whole state (Swift collections copy on write when shared,
    /// and `state` is always shared with readers): with a million records that copy, not the fsync,
    /// bounds throughput. After publishing, the previous state is brought up to date by applying the
    /// same commands again (apply is deterministic: replay depends on it), which costs far less than
    /// a copy. nil: take a copy of `state` instead (at start, after a failed batch).
    var spare: State?
    var commandsSinceSnapshot = 0
    var lastSnapshotAt: Date
    /// After a failed snapshot, the count policy waits until this many commands, so a full disk is
    /// not hit with a whole snapshot after every batch.
    var compactionDeferredUntil = 0
    /// A purging command is durable but its snapshot failed: retried after every batch and at close.
    var purgePending = false
    var timer: (any DispatchSourceTimer)?
    private(set) var released = false
    /// Where policy snapshots are encoded and written, so the writer keeps appending meanwhile.
    let snapshotQueue = DispatchQueue(label: "agora.store.snapshot", qos: .utility)
    /// The sequence of the background snapshot in flight (nil: none), with a generation: a finished one
    /// whose generation no longer matches was superseded by a synchronous snapshot and is ignored.
    var backgroundSnapshot: (generation: Int, sequence: UInt64)?
    var snapshotGeneration = 0
    /// Counters for monitoring, written here once per batch or snapshot and read by scrapes on other threads.
    let statistics = Mutex(StoreStatistics())
    /// After a failed policy snapshot, the size policy waits until the journal holds this many bytes.
    var deferredJournalBytes = 0
    /// Set while writes are refused because a failed append could not be repaired yet (a full disk): a probe
    /// (StoreWriter+DiskRecovery) tries again from `nextProbeAt` on, at most one scheduled at a time.
    var repairFailure: String?
    var nextProbeAt: Date
    var probeScheduled = false
    /// The counters and figures of `DurableStore.status`.
    var status = StoreStatus()
    /// Who is handed every durable batch (`DurableStore.observeCommits`), in the order they were added.
    var commitObservers: [CommitObserver<State>] = []

    init(log: any CommandLog<State>, options: StoreOptions, now: @escaping @Sendable () -> Date,
         logger: Logger, state: State, sequence: UInt64) {
        self.log = log
        self.options = options
        self.now = now
        self.logger = logger
        self.state = state
        self.sequence = sequence
        self.lastSnapshotAt = now()
        self.nextProbeAt = now()
    }

    var isWritable: Bool { log.unwritableReason == nil && repairFailure == nil }
    var unwritableReason: String { log.unwritableReason ?? repairFailure ?? "" }

    /// `status` with the figures read from the log and the writer now.
    var currentStatus: StoreStatus {
        var current = status
        current.isWritable = isWritable
        current.unwritableReason = isWritable ? nil : unwritableReason
        current.recoversByItself = log.unwritableReason == nil
        current.sequence = sequence
        current.journalBytes = log.journalBytes
        return current
    }

    /// The value the next batch changes in place: the spare when there is one (moved out, so this is
    /// its only reference), else the durable state (the first change then copies it once).
    func takeWorkingState() -> State {
        if let spare = spare.take() { return spare }
        return state
    }

    /// Turns the state published before the last batch into the next spare by applying that batch's
    /// accepted commands. In place when no reader still holds it; copies otherwise (still correct).
    func catchUpSpare(_ previous: inout State, with commands: [State.Command]) {
        for command in commands {
            do { _ = try previous.apply(command) } catch {
                // Only a nondeterministic apply gets here; the spare is then not trusted.
                spare = nil
                return
            }
        }
        spare = previous
    }

    /// An append failed and its outcome is unknown: the log is untrusted until a snapshot of the last
    /// durable state gives it fresh files (the journal files install an empty journal, taking the failed
    /// bytes with them), or, with no room for a snapshot, a fresh journal of the durable records does. If both
    /// fail (a full disk), the store turns unwritable and fails writes fast until a probe finds the disk
    /// writable again (StoreWriter+DiskRecovery); the log still holds every acknowledged command.
    func repairLog(after failure: StoreError) {
        spare = nil
        if let error = restoreAppends() {
            repairFailure = "append failed (\(failure)) and the log could not be repaired yet: \(error)"
            nextProbeAt = now().addingTimeInterval(options.diskProbeSeconds)
        }
    }

    /// Graceful close: a final snapshot so the next start replays nothing, then release everything.
    func shutDown() -> Result<Void, StoreError> {
        var result: Result<Void, StoreError> = .success(())
        let interrupted = waitForBackgroundSnapshot()
        if isWritable, commandsSinceSnapshot > 0 || purgePending || interrupted, let error = compact() {
            result = .failure(error)
        }
        releaseResources()
        return result
    }

    func releaseResources() {
        guard !released else { return }
        released = true
        timer?.cancel()
        timer = nil
        log.close()
    }
}
