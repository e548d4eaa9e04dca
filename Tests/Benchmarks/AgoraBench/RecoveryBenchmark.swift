// `agora-bench store-recovery-bench`: 1 000 events × 50 slots and `records` registrations spread over the events
// whose policy takes registrations. Measures what issue 3 asks: journal replay, snapshot write, snapshot load, peak
// RSS, and durable commands/s with 1 and 64 writers on that full state (so a per-batch cost that grows with the
// state shows up).
import AgoraDomain
import AgoraStore
import AgoraStoreTesting
import Glibc

enum RecoveryBenchmark {
    /// 1 000 (the figures' state); `AGORA_BENCH_EVENTS` shrinks it for the test that only checks the bench runs and
    /// cleans up (a debug build spends most of its time on 50 000 slots). The journal-writing child inherits it.
    static let eventCount = getenv("AGORA_BENCH_EVENTS").flatMap { Int(String(cString: $0)) }.map { max(1, $0) } ?? 1_000
    static let slotsPerEvent = 50

    /// Recovery figures for `records` registrations; see the file comment. Each run uses a fresh
    /// subdirectory of `directory`, removed afterwards.
    static func run(directory: String, records: Int) -> String {
        let path = directory + "/bench-recovery-\(getpid())"
        defer { Figures.removeDirectory(path) }
        let clock = ContinuousClock()
        var report: [String] = []
        var phasePeaks: [String] = []
        do {
            var start = clock.now
            // Written by a child process that exits without closing the store, so the journal stays unfolded and
            // the child's state and memory are gone before anything here is measured.
            let status = spawnJournalWriter(directory: path, records: records)
            guard status == 0 else { return "the journal writer (\(journalCommand)) failed with status \(status)" }
            let writeSeconds = Figures.seconds(clock.now - start)
            let journalBytes = Figures.fileSize(path + "/journal.jsonl")

            // No size/count/time policy while measuring: the snapshot is timed at close. Each store lives in
            // its own scope, as in a real process, so one phase's state is gone before the next.
            let options = StoreOptions(snapshotEveryCommands: 0, snapshotEverySeconds: 0, snapshotJournalPercent: 0)
            let replaySeconds: Double, snapshotSeconds: Double
            let residentAfterReplay: String
            let replayPhase: (cpu: Double, peak: String), writePhase: (cpu: Double, peak: String)
            do {
                let replay = try Figures.phase { try DurableStore<AgoraState>.open(directory: path, options: options) { AgoraState() } }
                let replayed = replay.value
                (replaySeconds, replayPhase) = (replay.seconds, (replay.cpu, replay.peak))
                residentAfterReplay = Figures.memoryStatus("VmRSS")
                guard replayed.state.registrations.count == records else {
                    return "replay produced \(replayed.state.registrations.count) of \(records) registrations"
                }
                let write = try Figures.phase { try replayed.close() }
                (snapshotSeconds, writePhase) = (write.seconds, (write.cpu, write.peak))
            }
            let peakAfterReplay = Figures.memoryStatus("VmHWM")
            let snapshotBytes = Figures.fileSize(path + "/snapshot.json")

            let load = try Figures.phase { try DurableStore<AgoraState>.open(directory: path, options: options) { AgoraState() } }
            let loaded = load.value
            phasePeaks = [replayPhase.peak, writePhase.peak, load.peak]
            let loadSeconds = load.seconds
            let loadedCount = loaded.state.registrations.count
            let residentAfterLoad = Figures.memoryStatus("VmRSS")
            // The first batch after opening copies the whole state once (the spare of the left-right
            // pair does not exist yet); timed on its own so the rates below show the steady state.
            start = clock.now
            _ = loaded.submitAndWait(registration(0, tag: "first"))
            let firstCommandSeconds = Figures.seconds(clock.now - start)
            let residentWithSpare = Figures.memoryStatus("VmRSS")
            let single = durableRate(loaded, writers: 1, perWriter: 200, tag: "one")
            let many = durableRate(loaded, writers: 64, perWriter: 40, tag: "many")
            try loaded.close()
            let f = { (value: Double, decimals: Int) in Figures.format(value, decimals) }
            report.append("records: \(loadedCount)")
            report.append("state: \(eventCount) events × \(slotsPerEvent) slots, \(loadedCount) registrations")
            report.append("journal written through the store by a child process (\(eventCount + records) commands): \(f(writeSeconds, 2)) s")
            report.append("recovery from journal (\(Figures.megabytes(journalBytes))): \(f(replaySeconds, 2)) s")
            report.append("snapshot write at close (\(Figures.megabytes(snapshotBytes))): \(f(snapshotSeconds, 2)) s")
            report.append("recovery from snapshot: \(f(loadSeconds, 2)) s")
            report.append("CPU seconds (all threads): journal replay \(f(replayPhase.cpu, 2)), snapshot write \(f(writePhase.cpu, 2)), snapshot load \(f(load.cpu, 2))")
            report.append("peak RSS of each phase alone: journal replay \(replayPhase.peak), snapshot write \(writePhase.peak), snapshot load \(load.peak)")
            report.append("RSS after journal replay: \(residentAfterReplay); peak of the snapshot write: \(peakAfterReplay)")
            report.append("RSS after snapshot load: \(residentAfterLoad); with the writer's spare copy: \(residentWithSpare)")
            report.append("first command after opening (copies the state once): \(f(firstCommandSeconds, 3)) s")
            report.append("durable commands/s on this state, 1 writer: \(single)")
            report.append("durable commands/s on this state, 64 writers: \(many)")
        } catch {
            report.append("recovery benchmark failed: \(error)")
        }
        // Each phase reset the high-water mark: the run's peak is the largest of theirs and of what followed the load.
        let peaks = phasePeaks + [Figures.memoryStatus("VmHWM")]
        let largest = peaks.compactMap { Int($0.split(separator: " ").first ?? "") }.max()
        report.append("peak RSS (VmHWM, whole run): \(largest.map { "\($0) MiB" } ?? "unknown")")
        return report.joined(separator: "\n")
    }

    /// Durable registrations/s with `writers` concurrent submitters, each waiting for its answer.
    private static func durableRate(_ store: DurableStore<AgoraState>, writers: Int, perWriter: Int, tag: String) -> String {
        let clock = ContinuousClock()
        let before = store.sequence
        let start = clock.now
        StoreStress.concurrently(writers) { writer in
            for index in 0..<perWriter {
                _ = store.submitAndWait(registration(writer * perWriter + index, tag: tag))
            }
        }
        let elapsed = Figures.seconds(clock.now - start)
        let done = Int(store.sequence - before)
        return "\(Figures.format(Double(done) / elapsed, 0)) (\(done) commands in \(Figures.format(elapsed, 2)) s)"
    }
}
