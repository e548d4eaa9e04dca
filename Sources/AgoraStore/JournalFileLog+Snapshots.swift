// Snapshots and journal replacement. Crash safety, step by step:
// 1. snapshot temp written + fsynced, renamed, directory fsynced (SnapshotFile.write). A crash before the
//    rename: old snapshot + full journal. After it: new snapshot + old journal whose leading records have
//    sequence ≤ the snapshot's; recovery skips those and asks for a snapshot again.
// 2. a journal holding only what the snapshot lacks replaces the old one (`replaceJournal`).
import FoundationEssentials

extension JournalFileLog {
    public func startSnapshot(at sequence: UInt64) {
        snapshotInProgress = sequence
        tail = []
    }

    /// Encodes and writes snapshot.json; touches only the snapshot's files, so the writer keeps journaling.
    public func writeSnapshot(_ state: State, sequence: UInt64) throws(StoreError) -> Int {
        let encoded = try SnapshotFile.encode(state, sequence: sequence)
        do {
            try SnapshotFile.write(header: encoded.header, body: encoded.body, in: directory, fileSystem: fileSystem)
        } catch {
            throw StoreError(error)
        }
        return encoded.body.reduce(encoded.header.count) { $0 + $1.count }
    }

    /// The journal is replaced by one holding the lines appended since the snapshot began.
    public func installSnapshot(at sequence: UInt64) throws(StoreError) {
        guard snapshotInProgress == sequence else { return }
        let lines = tail
        abandonSnapshot(at: sequence)
        guard unwritableReason == nil else { return }
        try replaceJournal(with: lines)
    }

    public func abandonSnapshot(at sequence: UInt64) {
        guard snapshotInProgress == sequence else { return }
        snapshotInProgress = nil
        tail = []
    }

    /// Replaces the journal by a new file holding `lines` (records the current snapshot lacks): temp file
    /// written and fsynced, renamed over the journal, directory fsynced. A crash at any point leaves the old
    /// journal or the new one, never a mix (rename is atomic), and either is correct with the snapshot
    /// already on disk. Failures before the rename leave the current journal in service. A failed rename or
    /// directory fsync makes it unknowable which file the name points to: no journal stays in service (appends
    /// fail, `needsRepair`) rather than append where nobody looks, until a snapshot installs a journal again.
    func replaceJournal(with lines: [UInt8]) throws(StoreError) {
        let fresh: OpenFile
        do {
            try fileSystem.remove(directory.journalTemp)
            fresh = try fileSystem.open(directory.journalTemp, mode: .append)
        } catch {
            throw StoreError(error)
        }
        do {
            if !lines.isEmpty { try fileSystem.write(fresh, lines) }
            try fileSystem.fsync(fresh)
        } catch {
            fileSystem.close(fresh)
            try? fileSystem.remove(directory.journalTemp)
            throw StoreError(error)
        }
        do {
            try fileSystem.rename(directory.journalTemp, to: directory.journal)
            try fileSystem.syncDirectory(directory.path)
        } catch {
            fileSystem.close(fresh)
            if let old = journal { fileSystem.close(old) }
            journal = nil
            durableBytes = nil
            recovered = true
            throw StoreError(error)
        }
        // The fresh descriptor followed its inode through the rename; the old one may be closed now.
        if let old = journal { fileSystem.close(old) }
        journal = OpenFile(descriptor: fresh.descriptor, path: directory.journal)
        durableBytes = lines.count
        recovered = true
    }
}
