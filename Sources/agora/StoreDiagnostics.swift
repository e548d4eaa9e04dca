import AgoraStore

/// `agora store-stress|store-verify|store-bench|store-recovery-bench`: the durability engine driven directly, for the
/// crash test (a child process that a test SIGKILLs) and `make bench`. Operators never need them.
enum StoreDiagnostics {
    static func run(_ command: String, _ arguments: [String]) -> Int32 {
        var options: [String: String] = [:]
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard flag.hasPrefix("--"), let value = rest.popFirst() else { fail("\(command): expected --flag value pairs") }
            options[String(flag.dropFirst(2))] = value
        }
        func required(_ name: String) -> String {
            guard let value = options[name] else { fail("\(command): --\(name) is required") }
            return value
        }
        func number(_ name: String, _ fallback: Int) -> Int {
            guard let text = options[name] else { return fallback }
            guard let value = Int(text), value > 0 else { fail("\(command): --\(name) must be a positive whole number") }
            return value
        }
        switch command {
        case "store-stress":
            // --snapshot-every N: compact often, so tests cross snapshots and journal truncations while writing.
            return StoreStress.run(directory: required("data-dir"), writers: number("writers", 8),
                                   count: number("count", 1000), ackFile: required("ack-file"),
                                   options: StoreOptions(snapshotEveryCommands: number("snapshot-every", 10_000)))
        case "store-verify":
            return StoreStress.verify(directory: required("data-dir"), ackFile: required("ack-file"))
        case "store-bench":
            let writers = (options["writers"] ?? "1,16,64").split(separator: ",").compactMap { Int($0) }
            print(StoreStress.benchmark(directory: required("data-dir"), writers: writers, commands: number("commands", 2000)))
            return 0
        default:
            print(StoreStress.recoveryBenchmark(directory: required("data-dir"), records: number("records", 1_000_000)))
            return 0
        }
    }
}
