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

    static func removeDataDirectory(_ path: String) {
        let paths = DataDirectory(path: path)
        for file in [paths.lockFile, paths.snapshot, paths.journal, paths.snapshotTemp, paths.journalTemp] {
            _ = unlink(file)
        }
        _ = rmdir(path)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }

    static func megabytes(_ bytes: Int) -> String { format(Double(bytes) / 1_048_576, 1) + " MiB" }

    static func format(_ value: Double, _ decimals: Int) -> String {
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
