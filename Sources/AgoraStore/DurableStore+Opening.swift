// Opening a data directory: lock it, then recover (snapshot + journal replay) or seed an empty one.
// Recovery never starts empty over existing data: anything it cannot explain is an error naming the
// file and byte offset, except a damaged LAST journal record, which a crash mid-write produces and
// which was never acknowledged; that one is dropped with a warning.
import CSystem
import Dispatch
public import FoundationEssentials
import Glibc

extension DurableStore {
    /// Opens (creating if needed) the data directory `directory`.
    /// - `seed` runs only when the directory holds no snapshot and no journal.
    /// - `now` stamps journal records and drives the time policy (injectable for tests).
    /// Throws `.lockedByAnotherProcess` if another open store holds the directory.
    public static func open(
        directory: String,
        options: StoreOptions = StoreOptions(),
        fileSystem: any FileSystem = PosixFileSystem(),
        now: @escaping @Sendable () -> Date = { Date() },
        seed: () throws -> State
    ) throws(StoreError) -> DurableStore {
        let paths = DataDirectory(path: directory)
        do { try fileSystem.createDirectory(directory) } catch { throw StoreError(error) }
        let lock = try lock(paths, fileSystem: fileSystem, waiting: options.lockWaitSeconds)
        do throws(StoreError) {
            let recovered = try recover(paths, fileSystem: fileSystem, options: options, seed: seed)
            // Recovery decoded every command and registration into short-lived strings on several
            // threads; glibc keeps the freed heap in per-thread arenas unless asked to hand it back.
            _ = csystem_malloc_trim()
            let writer = StoreWriter(directory: paths, fileSystem: fileSystem, options: options, now: now,
                                     lock: lock, state: recovered.state, sequence: recovered.sequence)
            if recovered.needsCompaction {
                // Fresh files: a seed's first snapshot, or a journal that must not be appended to as is
                // (torn tail, records the snapshot already holds, or a replayed purge whose data must go).
                if let error = writer.compact() { throw error }
            } else {
                do { writer.journal = try fileSystem.open(paths.journal, mode: .append) } catch { throw StoreError(error) }
                // Replayed records count towards the next snapshot, or a server restarted more often
                // than every N commands would grow its journal (and its recovery time) forever.
                writer.commandsSinceSnapshot = recovered.replayed
            }
            let store = DurableStore(writer: writer, warnings: recovered.warnings)
            store.startTimer()
            return store
        } catch {
            fileSystem.close(lock)
            throw error
        }
    }

    private struct Recovered {
        var state: State
        var sequence: UInt64
        var needsCompaction: Bool
        var warnings: [String]
        var replayed = 0
    }

    private static func recover(_ paths: DataDirectory, fileSystem: any FileSystem, options: StoreOptions,
                                seed: () throws -> State) throws(StoreError) -> Recovered {
        let snapshotBytes: [UInt8]?
        let journalFile: OpenFile?
        do {
            // Leftover temp files are unfinished compactions; the renamed-into-place files are authoritative.
            try fileSystem.remove(paths.snapshotTemp)
            try fileSystem.remove(paths.journalTemp)
            snapshotBytes = try fileSystem.readFile(paths.snapshot)
            journalFile = try fileSystem.openForReading(paths.journal)
        } catch {
            throw StoreError(error)
        }
        defer { if let journalFile { fileSystem.close(journalFile) } }
        guard let snapshotBytes else {
            if let journalFile {
                var size = 0
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let read: Result<Int, FileSystemError> = chunk.withUnsafeMutableBytes { buffer in
                        do throws(FileSystemError) { return .success(try fileSystem.read(journalFile, into: buffer)) } catch {
                            return .failure(error)
                        }
                    }
                    let count: Int
                    do { count = try read.get() } catch { throw StoreError(error) }
                    if count == 0 { break }
                    size += count
                }
                if size > 0 {
                    throw .corruptSnapshot(path: paths.snapshot, reason: "missing, while \(paths.journal) holds "
                        + "\(size) bytes; refusing to start empty over existing data")
                }
            }
            do { return Recovered(state: try seed(), sequence: 0, needsCompaction: true, warnings: []) } catch {
                throw .seedFailed(reason: "\(error)")
            }
        }
        let snapshot: (state: State, sequence: UInt64) = try SnapshotFile.decode(snapshotBytes, path: paths.snapshot)
        guard let journalFile else {
            // Crash between the first snapshot and the first journal: nothing was ever acknowledged.
            return Recovered(state: snapshot.state, sequence: snapshot.sequence, needsCompaction: true, warnings: [])
        }
        var state = snapshot.state
        var sequence = snapshot.sequence
        var skipped = 0
        var purged = false
        let scan = try JournalReader.replay(journalFile, fileSystem: fileSystem, pieceBytes: options.recoveryReadBytes,
                                            fastDecode: { State.decodeCommand($0, range: $1) }) { (record: ReplayedRecord<State.Command>) throws(StoreError) in
            // Records the snapshot already holds: left by a crash between snapshot rename and journal reset.
            if sequence == snapshot.sequence, record.sequence <= snapshot.sequence {
                skipped += 1
                return
            }
            guard record.sequence == sequence + 1 else {
                throw .corruptJournal(path: paths.journal, offset: record.offset,
                                      reason: "sequence \(record.sequence) where \(sequence + 1) was expected")
            }
            do {
                _ = try state.apply(record.command)
            } catch {
                throw .corruptJournal(path: paths.journal, offset: record.offset,
                                      reason: "replay refused record \(record.sequence): \(error)")
            }
            sequence = record.sequence
            if State.purgesHistory(record.command) { purged = true }
        }
        return Recovered(state: state, sequence: sequence, needsCompaction: scan.droppedTail || skipped > 0 || purged,
                         warnings: scan.warnings, replayed: Int(sequence - snapshot.sequence))
    }

    /// The directory's lock, retried every 10 ms for up to `seconds` while someone else holds it; then refused.
    private static func lock(_ paths: DataDirectory, fileSystem: any FileSystem,
                             waiting seconds: Double) throws(StoreError) -> OpenFile {
        let deadline = DispatchTime.now() + .milliseconds(Int(min(seconds, 3_600) * 1_000))
        while true {
            do { return try fileSystem.lockExclusively(paths.lockFile) } catch {
                guard error.errno == EWOULDBLOCK else { throw StoreError(error) }
                guard DispatchTime.now() < deadline else { throw .lockedByAnotherProcess(path: paths.lockFile) }
                usleep(10_000)
            }
        }
    }

    private func startTimer() {
        let seconds = writer.options.snapshotEverySeconds
        guard seconds > 0 else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let interval = DispatchTimeInterval.milliseconds(Int(min(seconds, 86_400) * 1_000))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.timerFired() }
        queue.sync { writer.timer = timer }
        timer.resume()
    }
}
