// Reading the directory back. Recovery never starts empty over existing data: anything it cannot explain is
// an error naming the file and byte offset, except a damaged LAST journal record, which a crash mid-write
// produces and which was never acknowledged; that one is dropped with a warning (JournalReader).
import AgoraDomain
import FoundationEssentials

extension JournalFileLog {
    /// snapshot.json, or nil for a new directory. Leftover temp files are unfinished snapshots or journal
    /// replacements and are removed: the renamed-into-place files are authoritative.
    public func loadSnapshot() throws(StoreError) -> LoggedSnapshot<State>? {
        do {
            try fileSystem.remove(directory.snapshotTemp)
            try fileSystem.remove(directory.journalTemp)
        } catch {
            throw StoreError(error)
        }
        if let streamed = try loadStreamedSnapshot() { return streamed }
        let bytes: [UInt8]?
        do { bytes = try fileSystem.readFile(directory.snapshot) } catch { throw StoreError(error) }
        guard let bytes else {
            let size = try journalSize()
            if size > 0 {
                throw .corruptSnapshot(path: directory.snapshot, reason: "missing, while \(directory.journal) holds "
                    + "\(size) bytes; refusing to start empty over existing data")
            }
            return nil
        }
        let snapshot: (state: State, sequence: UInt64) = try SnapshotFile.decode(bytes, path: directory.snapshot)
        return LoggedSnapshot(state: snapshot.state, sequence: snapshot.sequence, bytes: bytes.count)
    }

    /// The snapshot decoded as it is read, for a state that streams (`StreamedSnapshotState`); nil when there is
    /// no snapshot, the state does not stream, or its reader declined the file (the whole file is then read).
    private func loadStreamedSnapshot() throws(StoreError) -> LoggedSnapshot<State>? {
        guard State.self is any StreamedSnapshotState.Type else { return nil }
        let file: OpenFile?
        do { file = try fileSystem.openForReading(directory.snapshot) } catch { throw StoreError(error) }
        guard let file else { return nil }
        defer { fileSystem.close(file) }
        guard let loaded = try SnapshotFile.load(file, fileSystem: fileSystem, path: directory.snapshot,
                                                 pieceBytes: pieceBytes, as: State.self) else { return nil }
        return LoggedSnapshot(state: loaded.state, sequence: loaded.sequence, bytes: loaded.bytes)
    }

    /// Replays journal.jsonl. Leading records the snapshot already holds (`sequence` or lower: a crash
    /// between renaming a snapshot into place and replacing the journal) are skipped; every other record
    /// must follow its predecessor. The first call (recovery) also decides whether appends may go on in
    /// this journal: not after a dropped tail or skipped records, nor when there is no journal yet.
    /// Specialised for AgoraState, as the reader is (see `JournalReader.replay`).
    @_specialize(where State == AgoraState)
    public func records(after sequence: UInt64,
                        _ body: (LoggedCommand<State.Command>) throws -> Void) throws(StoreError) -> CommandLogReplay {
        let file: OpenFile?
        do { file = try fileSystem.openForReading(directory.journal) } catch { throw StoreError(error) }
        guard let file else {
            // A crash between the first snapshot and the first journal: nothing was ever acknowledged.
            recovered = true
            return CommandLogReplay(needsSnapshot: true)
        }
        defer { fileSystem.close(file) }
        let path = directory.journal
        var last = sequence
        var skipped = 0
        let scan = try JournalReader.replay(file, fileSystem: fileSystem, pieceBytes: pieceBytes,
                                            fastDecode: { State.decodeCommand($0, range: $1) }) { (record: JournalReader.Record<State.Command>) throws(StoreError) in
            if last == sequence, record.sequence <= sequence {
                skipped += 1
                return
            }
            guard record.sequence == last + 1 else {
                throw .corruptJournal(path: path, offset: record.offset,
                                      reason: "sequence \(record.sequence) where \(last + 1) was expected")
            }
            do { try body(LoggedCommand(sequence: record.sequence, command: record.command)) } catch {
                throw .corruptJournal(path: path, offset: record.offset,
                                      reason: "replay refused record \(record.sequence): \(error)")
            }
            last = record.sequence
        }
        let needsSnapshot = scan.droppedTail || skipped > 0
        if !recovered {
            recovered = true
            if !needsSnapshot, journal == nil, unwritableReason == nil {
                do { journal = try fileSystem.open(directory.journal, mode: .append) } catch { throw StoreError(error) }
                durableBytes = scan.bytes
            }
        }
        return CommandLogReplay(warnings: scan.warnings, needsSnapshot: needsSnapshot, bytes: scan.bytes)
    }

    /// The journal's size in bytes, read to its end (0 when there is none).
    private func journalSize() throws(StoreError) -> Int {
        let file: OpenFile?
        do { file = try fileSystem.openForReading(directory.journal) } catch { throw StoreError(error) }
        guard let file else { return 0 }
        defer { fileSystem.close(file) }
        var size = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read: Result<Int, FileSystemError> = chunk.withUnsafeMutableBytes { buffer in
                do throws(FileSystemError) { return .success(try fileSystem.read(file, into: buffer)) } catch {
                    return .failure(error)
                }
            }
            let count: Int
            do { count = try read.get() } catch { throw StoreError(error) }
            if count == 0 { return size }
            size += count
        }
    }
}
