import AgoraStore
import AgoraStoreTesting

/// `agora-bench store-stress|store-verify|store-bench|store-recovery-bench|store-recovery-open`: the durability engine driven directly,
/// for the crash test (a child process that a test SIGKILLs) and `make bench`. `recovery-journal` is the child the
/// recovery benchmark starts to write its journal (not listed in --help).
enum StoreCommands {
    static let names: Set<String> = ["store-stress", "store-verify", "store-bench", "store-recovery-bench",
                                     RecoveryBenchmark.journalCommand, RecoveryBenchmark.openCommand]

    static func run(_ flags: BenchFlags) -> Int32 {
        switch flags.command {
        case "store-stress":
            // --snapshot-every N: compact often, so tests cross snapshots and journal truncations while writing.
            return StoreStress.run(directory: flags.required("data-dir"), writers: flags.number("writers", 8),
                                   count: flags.number("count", 1000), ackFile: flags.required("ack-file"),
                                   options: StoreOptions(snapshotEveryCommands: flags.number("snapshot-every", 10_000)))
        case "store-verify":
            return StoreStress.verify(directory: flags.required("data-dir"), ackFile: flags.required("ack-file"))
        case "store-bench":
            let writers = (flags.optional("writers") ?? "1,16,64").split(separator: ",").compactMap { Int($0) }
            print(StoreBenchmark.groupCommit(directory: flags.required("data-dir"), writers: writers,
                                             commands: flags.number("commands", 2000)))
            return 0
        case RecoveryBenchmark.journalCommand:
            return RecoveryBenchmark.writeJournal(directory: flags.required("data-dir"), records: flags.number("records", 1))
        case RecoveryBenchmark.openCommand:
            let then = flags.optional("then") ?? "exit"
            guard then == "exit" || then == "close" else { BenchFlags.fail("\(flags.command): --then must be exit or close") }
            return RecoveryBenchmark.open(directory: flags.required("data-dir"), close: then == "close")
        default:
            print(RecoveryBenchmark.run(directory: flags.required("data-dir"), records: flags.number("records", 1_000_000)))
            return 0
        }
    }
}
