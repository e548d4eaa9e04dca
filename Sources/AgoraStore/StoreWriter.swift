// The writer's side of the store: the working state, the journal descriptor and the compaction policy.
// Everything here runs on DurableStore.queue (serial), or in `open` before the store is shared.
import Dispatch
import FoundationEssentials

// @unchecked Sendable: all mutable fields are confined to DurableStore.queue, a serial queue; `open`
// touches them only before the store is published to any other thread.
final class StoreWriter<State: JournaledState>: @unchecked Sendable {
    let directory: DataDirectory
    let fileSystem: any FileSystem
    let options: StoreOptions
    let now: @Sendable () -> Date
    let lock: OpenFile

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
    /// nil only before the first journal is installed or after the store turned unwritable.
    var journal: OpenFile?
    var commandsSinceSnapshot = 0
    var lastSnapshotAt: Date
    /// After a failed compaction, the count policy waits until this many commands, so a full disk is
    /// not hit with a whole snapshot after every batch.
    var compactionDeferredUntil = 0
    /// A purging command is durable but its compaction failed: retried after every batch and at close.
    var purgePending = false
    private(set) var isWritable = true
    private(set) var unwritableReason = ""
    var timer: (any DispatchSourceTimer)?
    private(set) var released = false
    /// Where policy snapshots are encoded and written, so the writer keeps journaling meanwhile.
    let snapshotQueue = DispatchQueue(label: "agora.store.snapshot", qos: .utility)
    /// Identifies the background snapshot in flight (nil: none); a finished one whose generation no
    /// longer matches was superseded by a synchronous compaction and is ignored.
    var backgroundSnapshot: Int?
    var snapshotGeneration = 0
    /// Journal bytes appended since the background snapshot's state was taken: the journal that
    /// replaces the old one once the snapshot is durable.
    var journalTail: [UInt8] = []

    init(directory: DataDirectory, fileSystem: any FileSystem, options: StoreOptions,
         now: @escaping @Sendable () -> Date, lock: OpenFile, state: State, sequence: UInt64) {
        self.directory = directory
        self.fileSystem = fileSystem
        self.options = options
        self.now = now
        self.lock = lock
        self.state = state
        self.sequence = sequence
        self.lastSnapshotAt = now()
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

    /// One write + one fsync for the whole batch. The fsync is what makes acknowledging safe.
    func appendToJournal(_ bytes: [UInt8]) -> FileSystemError? {
        guard let journal else { return FileSystemError(operation: "write", path: directory.journal, errno: 0) }
        do {
            try fileSystem.write(journal, bytes)
            try fileSystem.fsync(journal)
            return nil
        } catch {
            return error
        }
    }

    /// A batch failed to reach the disk. The journal descriptor is now untrusted: after a failed fsync
    /// the kernel may have dropped the dirty pages and reports the error once, so a second fsync could
    /// "succeed" over lost data; and a failed write may have left part of the batch in the file. So the
    /// descriptor is never written again: the last durable state goes into a fresh snapshot and an
    /// empty journal replaces the old one (taking the failed bytes with it). If that fails too, the
    /// store turns unwritable and fails writes fast until restart; the files on disk still hold every
    /// acknowledged command.
    func abandonJournal(after failure: FileSystemError) {
        if let error = compact(), isWritable {
            markUnwritable("journal \(directory.journal) failed (\(failure)) and could not be replaced: \(error)")
        }
    }

    func markUnwritable(_ reason: String) {
        guard isWritable else { return }
        isWritable = false
        unwritableReason = reason
        if let journal { fileSystem.close(journal) }
        journal = nil
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
        if let journal { fileSystem.close(journal) }
        journal = nil
        fileSystem.close(lock)
    }
}
