// `agora-bench store-bench`: durable commands per second by writer count (group commit at work). Each run uses a
// fresh subdirectory of `directory`, removed afterwards; point `directory` at the disk the server will use (fsync
// cost is the figure being measured; tmpfs would flatter it).
import AgoraStore
import AgoraStoreTesting
import Glibc

enum StoreBenchmark {
    /// Durable commands/s at each writer count: `commands` records split over the writers, each writer
    /// waiting for its acknowledgement before the next submission (like an HTTP client).
    static func groupCommit(directory: String, writers: [Int], commands: Int) -> String {
        var report = ["writers  commands   seconds   durable commands/s   vs 1st"]
        var first: Double?
        for count in writers where count > 0 {
            let path = directory + "/bench-writers-\(count)-\(getpid())"
            defer { Figures.removeDirectory(path) }
            let store: DurableStore<StressLedger>
            do { store = try DurableStore.open(directory: path) { StressLedger() } } catch {
                report.append("\(count) writers: \(error)")
                continue
            }
            let perWriter = max(1, commands / count)
            let clock = ContinuousClock()
            let start = clock.now
            StoreStress.concurrently(count) { writer in
                for index in 0..<perWriter {
                    let command = StressLedger.Command.record(id: "w\(writer)-\(index)", writer: writer,
                                                              payload: StressLedger.payload(writer: writer, index: index))
                    _ = store.submitAndWait(command)
                }
            }
            let seconds = Figures.seconds(clock.now - start)
            let total = perWriter * count
            guard store.sequence == UInt64(total) else {
                report.append("\(count) writers: only \(store.sequence) of \(total) commands acknowledged")
                continue
            }
            try? store.close()
            let rate = Double(total) / seconds
            first = first ?? rate
            report.append(Figures.pad(count, 7) + "  " + Figures.pad(total, 8) + "  " + Figures.pad(Figures.format(seconds, 3), 8)
                + "  " + Figures.pad(Figures.format(rate, 0), 19) + "  " + Figures.pad(Figures.format(rate / (first ?? rate), 1) + "x", 6))
        }
        return report.joined(separator: "\n")
    }
}
