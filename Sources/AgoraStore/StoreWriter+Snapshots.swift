// The snapshot policy (when the journal grew to P % of the last snapshot, every N commands or M seconds, at once
// after an erasure, at close) and the
// synchronous snapshot. Where the snapshot goes is the command log's business. Runs on DurableStore.queue
// (or in `open` before the store is shared).
import FoundationEssentials
import Logging

extension StoreWriter {
    /// A snapshot of the current state, after which the log drops the records it holds. A failed one
    /// leaves the log as it was (it still holds everything since the last good snapshot). Waits for a
    /// background snapshot in flight first, so two never race. Returns nil on success.
    func compact() -> StoreError? {
        waitForBackgroundSnapshot()
        let started = ContinuousClock.now
        let bytes: Int
        do { bytes = try log.takeSnapshot(state, sequence: sequence) } catch {
            logSnapshot(failed: error, sequence: sequence, background: false)
            return error
        }
        logSnapshot(written: bytes, sequence: sequence, since: started, background: false)
        commandsSinceSnapshot = 0
        compactionDeferredUntil = 0
        deferredJournalBytes = 0
        lastSnapshotAt = now()
        purgePending = false
        return nil
    }

    /// The size, count or time policy, or a pending purge, asks for a snapshot (and none is in flight).
    func compactionDue() -> Bool {
        guard isWritable, backgroundSnapshot == nil, commandsSinceSnapshot > 0 || purgePending else { return false }
        let byCount = options.snapshotEveryCommands > 0
            && commandsSinceSnapshot >= max(options.snapshotEveryCommands, compactionDeferredUntil)
        let bySize = options.snapshotJournalPercent > 0
            && (log.journalBytes ?? 0) >= max(journalBytesDue, deferredJournalBytes)
        let byTime = options.snapshotEverySeconds > 0
            && now().timeIntervalSince(lastSnapshotAt) >= options.snapshotEverySeconds
        return purgePending || byCount || bySize || byTime
    }

    /// The journal size the size policy snapshots at: P % of the last snapshot, and at least the minimum (as
    /// Redis's auto-aof-rewrite-percentage and -min-size), so the work of snapshotting stays proportional to the
    /// bytes written however large the state grows.
    var journalBytesDue: Int {
        max(options.snapshotJournalMinBytes, status.lastSnapshotBytes / 100 * options.snapshotJournalPercent, 1)
    }

    /// After a failed policy snapshot: wait another N commands (and as many journal bytes again, and M
    /// seconds) before trying again, so a full disk is not hit with a whole snapshot after every batch.
    func deferCompaction() {
        compactionDeferredUntil = commandsSinceSnapshot + max(1, options.snapshotEveryCommands)
        deferredJournalBytes = (log.journalBytes ?? 0) + journalBytesDue
        lastSnapshotAt = now()
    }

    /// Cancels the background snapshot in flight, if any, waiting for its file work to end (its
    /// result is then ignored). Returns whether one was in flight.
    @discardableResult
    func waitForBackgroundSnapshot() -> Bool {
        guard let inFlight = backgroundSnapshot else { return false }
        snapshotQueue.sync {}
        backgroundSnapshot = nil
        log.abandonSnapshot(at: inFlight.sequence)
        return true
    }

    func logSnapshot(written bytes: Int, sequence: UInt64, since started: ContinuousClock.Instant, background: Bool) {
        let elapsed = started.duration(to: .now)
        let time = now()
        statistics.withLock { $0.recordSnapshot(elapsed, bytes: bytes, at: time) }
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("snapshot written", metadata: [
            "sequence": "\(sequence)", "bytes": "\(bytes)",
            "durationMs": "\((milliseconds * 10).rounded() / 10)", "background": "\(background)",
        ])
        status.snapshotsWritten += 1
        status.lastSnapshotBytes = bytes
        status.lastSnapshotAt = now()
        status.lastSnapshotSeconds = milliseconds / 1_000
    }

    func logSnapshot(failed error: StoreError, sequence: UInt64, background: Bool) {
        statistics.withLock { $0.snapshotFailures += 1 }
        logger.error("snapshot failed", metadata: [
            "sequence": "\(sequence)", "error": "\(error)", "background": "\(background)",
        ])
        status.snapshotFailures += 1
    }
}
