// `agora-bench store-recovery-open`: one recovery of an existing data directory, and nothing else, for profilers
// (`valgrind --tool=callgrind`, `perf record`) that should see the replay or the load without the journal writer, the
// snapshot write or the write rates of `store-recovery-bench` around it. Prepare the directory once with
// `agora-bench recovery-journal --data-dir D --records N` (a journal to replay); `--then close` folds it into a
// snapshot (timed apart), after which every open of D loads that snapshot.
import AgoraDomain
import AgoraStore
import Glibc

extension RecoveryBenchmark {
    static let openCommand = "store-recovery-open"

    /// Opens `directory` once and reports what it recovered, its wall and CPU seconds and its peak RSS. With `close`,
    /// closes the store afterwards (a snapshot replaces the journal); otherwise exits without closing, as a crash
    /// does, so the directory stays as it was and the same recovery can be measured again.
    static func open(directory: String, close: Bool) -> Int32 {
        let options = StoreOptions(snapshotEveryCommands: 0, snapshotEverySeconds: 0, snapshotJournalPercent: 0)
        let journalBytes = Figures.fileSize(directory + "/journal.jsonl")
        let snapshotBytes = Figures.fileSize(directory + "/snapshot.json")
        let f = { (value: Double) in Figures.format(value, 2) }
        do {
            let opened = try Figures.phase { try DurableStore<AgoraState>.open(directory: directory, options: options) { AgoraState() } }
            let store = opened.value
            print("recovered \(store.state.registrations.count) registrations, \(store.state.events.count) events "
                + "(journal \(Figures.megabytes(journalBytes)), snapshot \(Figures.megabytes(snapshotBytes)))")
            print("open: \(f(opened.seconds)) s, CPU \(f(opened.cpu)) s (all threads), peak RSS \(opened.peak)")
            guard close else { exit(0) }  // no close: the journal stays for the next run
            let closed = try Figures.phase { try store.close() }
            print("close (snapshot): \(f(closed.seconds)) s, CPU \(f(closed.cpu)) s, peak RSS \(closed.peak)")
            return 0
        } catch {
            print("\(openCommand): \(error)")
            return 1
        }
    }
}
