// Giving the log a journal it can trust again after a refused write (issue 13 item 1): a snapshot of the last
// durable state (fresh files), or, when the disk has room for the journal but not for a snapshot, a fresh journal
// alone: a failed snapshot must not keep the store unwritable while the journal can still be written. Runs on
// DurableStore.queue.
import FoundationEssentials

extension StoreWriter {
    /// Makes appends possible again; nil on success, else why not (the snapshot's and the journal's errors).
    func restoreAppends() -> String? {
        guard let snapshotError = compact() else { return nil }
        do throws(StoreError) {
            try log.restartJournal()
        } catch {
            return "snapshot: \(snapshotError); fresh journal: \(error)"
        }
        // The journal is appendable again; the snapshot waits for the size/count policy's next turn.
        deferCompaction()
        logger.warning("journal restarted without a snapshot", metadata: [
            "sequence": "\(sequence)", "snapshotError": "\(snapshotError)",
        ])
        return nil
    }

    /// After a failed snapshot: when it left the log without a journal in service (its journal replacement's
    /// rename failed), repair it now, as after a failed append, instead of failing the next batch.
    func repairIfJournalLost(after error: StoreError) {
        guard log.needsRepair, repairFailure == nil else { return }
        repairLog(after: error)
    }

    /// One try while unwritable after a refused write: a probe write, then `restoreAppends`. Returns whether the
    /// store is writable again. Counts a failure; the caller publishes (and logs) the transition.
    func probeAndRepair() -> Bool {
        guard let failure = repairFailure, log.unwritableReason == nil, !released else { return isWritable }
        nextProbeAt = now().addingTimeInterval(options.diskProbeSeconds)
        do throws(StoreError) {
            try log.probeWrites()
        } catch {
            status.failedDiskProbes += 1
            logger.warning("disk probe failed: writes stay refused", metadata: ["error": "\(error)"])
            return false
        }
        if let error = restoreAppends() {
            status.failedDiskProbes += 1
            repairFailure = failure
            logger.warning("disk probe succeeded but the log could not be repaired yet", metadata: ["error": "\(error)"])
            return false
        }
        repairFailure = nil
        return true
    }
}
