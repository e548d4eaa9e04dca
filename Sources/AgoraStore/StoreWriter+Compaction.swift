// Compaction: snapshot the state, then replace the journal by one holding only what the snapshot
// lacks. Runs on DurableStore.queue (or in `open` before the store is shared).
import FoundationEssentials

extension StoreWriter {
    /// Snapshot of the current state, then the journal is emptied by renaming an empty file over it.
    /// Crash safety, step by step:
    /// 1. snapshot temp written + fsynced, renamed, directory fsynced (see SnapshotFile.write). A crash
    ///    before the rename: old snapshot + full journal. After it: new snapshot + old journal whose
    ///    records all have sequence ≤ the snapshot's; recovery skips those and compacts again.
    /// 2. an empty journal replaces the old one (`replaceJournal`).
    /// A failed snapshot leaves the current journal in service (it still holds everything since the
    /// last good snapshot). Waits for a background snapshot in flight first, so two never race for
    /// the temp file. Returns nil on success.
    func compact() -> StoreError? {
        waitForBackgroundSnapshot()
        let encoded: (header: [UInt8], body: [[UInt8]])
        do { encoded = try SnapshotFile.encode(state, sequence: sequence) } catch { return error }
        do {
            try SnapshotFile.write(header: encoded.header, body: encoded.body, in: directory, fileSystem: fileSystem)
        } catch {
            return StoreError(error)
        }
        if let error = replaceJournal(with: []) { return error }
        commandsSinceSnapshot = 0
        compactionDeferredUntil = 0
        lastSnapshotAt = now()
        purgePending = false
        return nil
    }

    /// The count/time policy, or a pending purge, asks for a snapshot (and none is in flight).
    func compactionDue() -> Bool {
        guard isWritable, backgroundSnapshot == nil, commandsSinceSnapshot > 0 || purgePending else { return false }
        let byCount = options.snapshotEveryCommands > 0
            && commandsSinceSnapshot >= max(options.snapshotEveryCommands, compactionDeferredUntil)
        let byTime = options.snapshotEverySeconds > 0
            && now().timeIntervalSince(lastSnapshotAt) >= options.snapshotEverySeconds
        return purgePending || byCount || byTime
    }

    /// After a failed policy snapshot: wait another N commands (and M seconds) before trying again,
    /// so a full disk is not hit with a whole snapshot after every batch.
    func deferCompaction() {
        compactionDeferredUntil = commandsSinceSnapshot + max(1, options.snapshotEveryCommands)
        lastSnapshotAt = now()
    }

    /// Cancels the background snapshot in flight, if any, waiting for its file work to end (its
    /// result is then ignored). Returns whether one was in flight.
    @discardableResult
    func waitForBackgroundSnapshot() -> Bool {
        guard backgroundSnapshot != nil else { return false }
        snapshotQueue.sync {}
        backgroundSnapshot = nil
        journalTail = []
        return true
    }

    /// Replaces the journal by a new file holding `tail` (records the current snapshot lacks):
    /// temp file written and fsynced, renamed over the journal, directory fsynced. A crash at any
    /// point leaves the old journal or the new one, never a mix (rename is atomic), and either is
    /// correct with the snapshot already on disk: recovery skips records the snapshot holds.
    /// Failures before the rename leave the current journal in service. A failed rename or directory
    /// fsync makes it unknowable which file the name points to: the store turns unwritable rather
    /// than append where nobody looks.
    func replaceJournal(with tail: [UInt8]) -> StoreError? {
        let fresh: OpenFile
        do {
            try fileSystem.remove(directory.journalTemp)
            fresh = try fileSystem.open(directory.journalTemp, mode: .append)
        } catch {
            return StoreError(error)
        }
        do {
            if !tail.isEmpty { try fileSystem.write(fresh, tail) }
            try fileSystem.fsync(fresh)
        } catch {
            fileSystem.close(fresh)
            try? fileSystem.remove(directory.journalTemp)
            return StoreError(error)
        }
        do {
            try fileSystem.rename(directory.journalTemp, to: directory.journal)
            try fileSystem.syncDirectory(directory.path)
        } catch {
            fileSystem.close(fresh)
            markUnwritable("could not install a new journal: \(error)")
            return StoreError(error)
        }
        // The fresh descriptor followed its inode through the rename; the old one may be closed now.
        if let old = journal { fileSystem.close(old) }
        journal = OpenFile(descriptor: fresh.descriptor, path: directory.journal)
        return nil
    }
}
