// Policy snapshots (every N commands or M seconds) without stopping writes, as Redis forks for
// BGSAVE: the state is an immutable value, so another thread can encode and write it while the
// writer goes on journaling. Records journaled meanwhile are kept in memory (`journalTail`) and
// become the new journal once the snapshot is durable.
import FoundationEssentials

extension DurableStore {
    /// On `queue`: starts a snapshot if the policy (or a pending purge) asks for one.
    func compactIfDue() {
        guard writer.compactionDue() else { return }
        // A pending purge must not be acknowledged late, and tests may want determinism: synchronous.
        if writer.purgePending || !writer.options.backgroundSnapshots {
            if writer.compact() != nil { writer.deferCompaction() }
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
        let directory = writer.directory
        let fileSystem = writer.fileSystem
        writer.backgroundSnapshot = generation
        writer.journalTail = []
        writer.commandsSinceSnapshot = 0
        writer.lastSnapshotAt = writer.now()
        writer.snapshotQueue.async {
            var failure: StoreError?
            do throws(StoreError) {
                let encoded = try SnapshotFile.encode(state, sequence: sequence)
                do throws(FileSystemError) {
                    try SnapshotFile.write(header: encoded.header, body: encoded.body, in: directory, fileSystem: fileSystem)
                } catch {
                    failure = StoreError(error)
                }
            } catch {
                failure = error
            }
            let outcome = failure
            self.queue.async { self.finishBackgroundSnapshot(generation: generation, failure: outcome) }
        }
    }

    /// On `queue`: the snapshot is durable (or failed); swap in the journal of what it lacks.
    private func finishBackgroundSnapshot(generation: Int, failure: StoreError?) {
        // Superseded by a synchronous compaction (erasure, failed batch, close): nothing left to do.
        guard writer.backgroundSnapshot == generation, !writer.released else { return }
        writer.backgroundSnapshot = nil
        let tail = writer.journalTail
        writer.journalTail = []
        if failure != nil {
            // The old journal still holds everything since the previous snapshot.
            writer.deferCompaction()
            return
        }
        guard writer.isWritable else { return }
        if writer.replaceJournal(with: tail) == nil {
            writer.compactionDeferredUntil = 0
        } else {
            writer.deferCompaction()
        }
        publishWritability()
    }
}
