// Policy snapshots (every N commands or M seconds) without stopping writes, as Redis forks for
// BGSAVE: the state is an immutable value, so another thread can encode and write it while the
// writer goes on appending. The log keeps what is appended meanwhile (for the journal files: the
// lines that become the new journal once the snapshot is durable).
import FoundationEssentials

extension DurableStore {
    /// On `queue`: starts a snapshot if the policy (or a pending purge) asks for one.
    func compactIfDue() {
        guard writer.compactionDue() else { return }
        // A pending purge must not be acknowledged late, and tests may want determinism: synchronous.
        if writer.purgePending || !writer.options.backgroundSnapshots {
            if let error = writer.compact() {
                writer.deferCompaction()
                writer.repairIfJournalLost(after: error)
            }
        } else {
            startBackgroundSnapshot()
        }
        publishWritability()
    }

    private func startBackgroundSnapshot() {
        writer.snapshotGeneration += 1
        let generation = writer.snapshotGeneration
        let state = writer.state
        let sequence = writer.sequence
        let log = writer.log
        writer.backgroundSnapshot = (generation, sequence)
        writer.commandsSinceSnapshot = 0
        writer.lastSnapshotAt = writer.now()
        log.startSnapshot(at: sequence)
        let started = ContinuousClock.now
        writer.snapshotQueue.async {
            let outcome: Result<Int, StoreError>
            do throws(StoreError) { outcome = .success(try log.writeSnapshot(state, sequence: sequence)) } catch {
                outcome = .failure(error)
            }
            self.queue.async { self.finishBackgroundSnapshot(generation: generation, outcome: outcome, started: started) }
        }
    }

    /// On `queue`: the snapshot is durable (or failed); the log drops what it holds.
    private func finishBackgroundSnapshot(generation: Int, outcome: Result<Int, StoreError>,
                                          started: ContinuousClock.Instant) {
        // Superseded by a synchronous snapshot (erasure, failed batch, close): nothing left to do.
        guard let inFlight = writer.backgroundSnapshot, inFlight.generation == generation, !writer.released else { return }
        writer.backgroundSnapshot = nil
        let bytes: Int
        switch outcome {
        case .success(let written): bytes = written
        case .failure(let error):
            // The log still holds everything since the previous snapshot.
            writer.log.abandonSnapshot(at: inFlight.sequence)
            writer.logSnapshot(failed: error, sequence: inFlight.sequence, background: true)
            writer.deferCompaction()
            publishWritability()
            return
        }
        guard writer.isWritable else {
            writer.log.abandonSnapshot(at: inFlight.sequence)
            return
        }
        do throws(StoreError) {
            try writer.log.installSnapshot(at: inFlight.sequence)
            writer.logSnapshot(written: bytes, sequence: inFlight.sequence, since: started, background: true)
            writer.compactionDeferredUntil = 0
        } catch {
            writer.logSnapshot(failed: error, sequence: inFlight.sequence, background: true)
            writer.deferCompaction()
            writer.repairIfJournalLost(after: error)
        }
        publishWritability()
    }
}
