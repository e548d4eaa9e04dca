// The durable store: an immutable state value in memory for reads, a command log below for durability
// (by default the journal + snapshot files of JournalFileLog, Redis AOF + RDB). Write path: submit → queued
// → writer applies in order → the log appends the whole batch durably (group commit: one write + one fsync)
// → state swapped → callers completed. Readers copy the current value under a mutex held only for that
// copy, so they never wait for disk.
import Dispatch
import Synchronization

public final class DurableStore<State: JournaledState>: Sendable {
    public typealias Completion = @Sendable (Result<State.Outcome, SubmitError<State.Failure>>) -> Void

    /// What readers see: replaced as a whole by the writer after each durable batch.
    struct Published: Sendable {
        var state: State
        var sequence: UInt64
        var isWritable: Bool
        var status: StoreStatus
    }

    struct Submission: Sendable {
        let command: State.Command
        /// The command's journal JSON, encoded by the submitting thread: encoding is the writer's largest
        /// per-command cost, and done here it runs on every core instead of on the one serial writer.
        let encoded: Result<[UInt8], EncodingFailure>
        /// Judged on the latest state just before the command is applied (after the records others appended):
        /// true refuses the command with `.preconditionFailed`. Never logged — only an accepted command is.
        var stale: (@Sendable (State) -> Bool)? = nil
        let completion: Completion
    }

    struct EncodingFailure: Error {
        let description: String
    }

    /// Submissions waiting for the writer. `drainScheduled` makes sure exactly one drain runs at a
    /// time: whoever enqueues into an idle inbox schedules it; the drain clears it when it finds the
    /// inbox empty (under the same lock, so no submission is stranded).
    struct Inbox: Sendable {
        var waiting: [Submission] = []
        var drainScheduled = false
        var closed = false
    }

    enum Admission { case scheduleDrain, alreadyScheduled, closed }

    let published: Mutex<Published>
    let inbox = Mutex(Inbox())
    let writer: StoreWriter<State>
    /// The only queue that touches `writer` and the command log (but for the log's `writeSnapshot`, which
    /// a background snapshot runs on `StoreWriter.snapshotQueue`).
    let queue = DispatchQueue(label: "agora.store.writer", qos: .userInitiated)

    /// Problems recovery tolerated (a dropped torn last record, with its byte offset). The store also
    /// logs them, as structured lines, through the logger it was opened with.
    public let recoveryWarnings: [String]

    init(writer: StoreWriter<State>, warnings: [String]) {
        self.writer = writer
        self.published = Mutex(Published(state: writer.state, sequence: writer.sequence, isWritable: writer.isWritable,
                                         status: writer.currentStatus))
        self.recoveryWarnings = warnings
    }

    /// The current state: the last durable one. Never blocks on I/O.
    public var state: State { published.withLock { $0.state } }

    /// Sequence number of the last durable command: a version of `state` for caches and ETags.
    public var sequence: UInt64 { published.withLock { $0.sequence } }

    /// State and sequence read together, consistent with each other.
    public var versionedState: (state: State, sequence: UInt64) {
        published.withLock { ($0.state, $0.sequence) }
    }

    /// False after a disk (or log) failure the store could not repair at once: writes then fail fast with
    /// `.unavailable` until a disk probe succeeds (a full disk; `status.recoversByItself`) or, for a log the
    /// store no longer trusts, until restart; reads go on.
    public var isWritable: Bool { published.withLock { $0.isWritable } }

    /// Queues `command`. `completion` runs once, on the store's writer queue, after the command is
    /// durable (or refused): keep it short and never call `close()` from it.
    public func submit(_ command: State.Command, completion: @escaping Completion) {
        submit(command, unless: nil, completion: completion)
    }

    /// Queues `command`, refused with `.preconditionFailed` when `stale` says true of the state it would apply to.
    /// That state is the log's head (on a shared log, after the records other instances appended), so a check the
    /// caller made on its own possibly-behind state (`If-Match`, RFC 9110 §13.1.1) holds across instances: `stale`
    /// compares what the caller checked with what is there when the batch is judged, inside the append.
    public func submit(_ command: State.Command, unless stale: (@Sendable (State) -> Bool)?,
                       completion: @escaping Completion) {
        let encoded: Result<[UInt8], EncodingFailure>
        do { encoded = .success(try State.encodeCommand(command)) } catch {
            encoded = .failure(EncodingFailure(description: "\(error)"))
        }
        let submission = Submission(command: command, encoded: encoded, stale: stale, completion: completion)
        let admission = inbox.withLock { inbox -> Admission in
            if inbox.closed { return .closed }
            inbox.waiting.append(submission)
            if inbox.drainScheduled { return .alreadyScheduled }
            inbox.drainScheduled = true
            return .scheduleDrain
        }
        switch admission {
        case .closed: completion(.failure(.unavailable("store is closed")))
        case .alreadyScheduled: break
        case .scheduleDrain: queue.async { self.drain() }
        }
    }

    /// Suspends until `command` is durable (or refused). Does not block the calling thread.
    public func submit(_ command: State.Command) async -> Result<State.Outcome, SubmitError<State.Failure>> {
        await withCheckedContinuation { continuation in
            submit(command) { continuation.resume(returning: $0) }
        }
    }

    /// Finishes queued submissions, writes a final snapshot (so the next start replays nothing) and
    /// releases the lock. The data stays safe in the journal even if the snapshot fails; that error is
    /// thrown after the lock is released.
    public func close() throws(StoreError) {
        let wasClosed = inbox.withLock { inbox -> Bool in
            defer { inbox.closed = true }
            return inbox.closed
        }
        if wasClosed { throw .alreadyClosed }
        let result: Result<Void, StoreError> = queue.sync {
            drainAll()
            return writer.shutDown()
        }
        try result.get()
    }

    deinit {
        // A store dropped without close() must not keep the data directory locked. No queue hop: every
        // block on `queue` holds a strong reference to self, so none can be running or pending here
        // (and a sync from the last block's release would deadlock).
        writer.releaseResources()
    }
}
