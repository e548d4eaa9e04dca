// Benchmarks for `agora store-bench`: durable commands per second by writer count (group commit at
// work), and recovery/snapshot times for a large journal. Each run uses a fresh subdirectory of
// `directory`, removed afterwards; point `directory` at the disk the server will use (fsync cost is
// the figure being measured; tmpfs would flatter it).
import FoundationEssentials
import Glibc

extension StoreStress {
    /// Durable commands/s at each writer count: `commands` records split over the writers, each writer
    /// waiting for its acknowledgement before the next submission (like an HTTP client).
    public static func benchmark(directory: String, writers: [Int], commands: Int) -> String {
        var report = ["writers  commands   seconds   durable commands/s   vs 1st"]
        var first: Double?
        for count in writers where count > 0 {
            let path = directory + "/bench-writers-\(count)-\(getpid())"
            defer { removeDataDirectory(path) }
            let store: DurableStore<StressLedger>
            do { store = try DurableStore.open(directory: path) { StressLedger() } } catch {
                report.append("\(count) writers: \(error)")
                continue
            }
            let perWriter = max(1, commands / count)
            let clock = ContinuousClock()
            let start = clock.now
            concurrently(count) { writer in
                for index in 0..<perWriter {
                    let command = StressLedger.Command.record(id: "w\(writer)-\(index)", writer: writer,
                                                              payload: StressLedger.payload(writer: writer, index: index))
                    _ = submitAndWait(store, command)
                }
            }
            let seconds = seconds(clock.now - start)
            let total = perWriter * count
            guard store.sequence == UInt64(total) else {
                report.append("\(count) writers: only \(store.sequence) of \(total) commands acknowledged")
                continue
            }
            try? store.close()
            let rate = Double(total) / seconds
            first = first ?? rate
            report.append(pad(count, 7) + "  " + pad(total, 8) + "  " + pad(format(seconds, 3), 8) + "  "
                + pad(format(rate, 0), 19) + "  " + pad(format(rate / (first ?? rate), 1) + "x", 6))
        }
        return report.joined(separator: "\n")
    }

    /// Recovery figures for `records` registration-sized records: time to open with them all in the
    /// journal (replay), time of the final snapshot written by close(), time to open from that snapshot,
    /// file sizes and peak RSS.
    public static func recoveryBenchmark(directory: String, records: Int) -> String {
        let paths = DataDirectory(path: directory + "/bench-recovery-\(getpid())")
        defer { removeDataDirectory(paths.path) }
        let fileSystem = PosixFileSystem()
        let clock = ContinuousClock()
        var report: [String] = []
        do {
            try writeJournal(records: records, in: paths, fileSystem: fileSystem)
            let journalBytes = try fileSystem.readFile(paths.journal)?.count ?? 0

            var start = clock.now
            let replayed = try DurableStore<StressLedger>.open(directory: paths.path) { StressLedger() }
            let replaySeconds = seconds(clock.now - start)
            guard replayed.state.records.count == records else {
                return "replay produced \(replayed.state.records.count) of \(records) records"
            }
            start = clock.now
            try replayed.close()
            let snapshotSeconds = seconds(clock.now - start)
            let snapshotBytes = try fileSystem.readFile(paths.snapshot)?.count ?? 0

            start = clock.now
            let loaded = try DurableStore<StressLedger>.open(directory: paths.path) { StressLedger() }
            let loadSeconds = seconds(clock.now - start)
            let loadedCount = loaded.state.records.count
            try loaded.close()
            report.append("records: \(loadedCount)")
            report.append("recovery from journal (\(megabytes(journalBytes))): \(format(replaySeconds, 2)) s")
            report.append("snapshot write at close (\(megabytes(snapshotBytes))): \(format(snapshotSeconds, 2)) s")
            report.append("recovery from snapshot: \(format(loadSeconds, 2)) s")
        } catch {
            report.append("recovery benchmark failed: \(error)")
        }
        var usage = rusage()
        if getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 { report.append("peak RSS: \(usage.ru_maxrss / 1024) MiB") }
        return report.joined(separator: "\n")
    }

    /// A seed snapshot (sequence 0) and a journal of `records` records, written directly (as the
    /// store would have written them, without paying an fsync per record).
    private static func writeJournal(records: Int, in paths: DataDirectory, fileSystem: any FileSystem) throws(StoreError) {
        do {
            try fileSystem.createDirectory(paths.path)
            let seed = try SnapshotFile.encode(StressLedger(), sequence: 0)
            try SnapshotFile.write(header: seed.header, body: seed.body, in: paths, fileSystem: fileSystem)
            try fileSystem.remove(paths.journal)
            let journal = try fileSystem.open(paths.journal, mode: .append)
            defer { fileSystem.close(journal) }
            let encoder = JSONEncoder()
            let time = JournalRecord.timestamp(Date())
            var buffer: [UInt8] = []
            for index in 0..<records {
                let command = StressLedger.Command.record(id: "r\(index)", writer: index % 64,
                                                          payload: StressLedger.payload(writer: index % 64, index: index))
                let json: Data
                do { json = try encoder.encode(command) } catch { throw StoreError.encodingFailed(reason: "\(error)") }
                buffer.append(contentsOf: JournalRecord.encode(sequence: UInt64(index + 1), time: time, commandJSON: json))
                if buffer.count > 1 << 22 {
                    try fileSystem.write(journal, buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try fileSystem.write(journal, buffer)
            try fileSystem.fsync(journal)
        } catch let error as StoreError {
            throw error
        } catch let error as FileSystemError {
            throw StoreError(error)
        } catch {
            throw .encodingFailed(reason: "\(error)")
        }
    }

    static func removeDataDirectory(_ path: String) {
        let paths = DataDirectory(path: path)
        for file in [paths.lockFile, paths.snapshot, paths.journal, paths.snapshotTemp, paths.journalTemp] {
            _ = unlink(file)
        }
        _ = rmdir(path)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    private static func megabytes(_ bytes: Int) -> String { format(Double(bytes) / 1_048_576, 1) + " MiB" }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return decimals == 0 ? String(Int(rounded)) : String(rounded)
    }

    private static func pad(_ value: some CustomStringConvertible, _ width: Int) -> String {
        let text = value.description
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
