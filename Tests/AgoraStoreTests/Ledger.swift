// A toy state for testing the store's mechanics: a key-value ledger whose `erase` purges history.
import AgoraStore

struct Ledger: JournaledState {
    var entries: [String: String] = [:]

    enum Command: Codable, Sendable, Equatable {
        case put(key: String, value: String)
        case remove(key: String)
        /// Removes the key and its history from disk (the personal-data erasure of the toy).
        case erase(key: String)
    }

    enum Failure: Error, Equatable {
        case missing(String)
    }

    func applying(_ command: Command) throws(Failure) -> (state: Ledger, outcome: Int) {
        var next = self
        switch command {
        case .put(let key, let value):
            next.entries[key] = value
        case .remove(let key), .erase(let key):
            guard next.entries.removeValue(forKey: key) != nil else { throw .missing(key) }
        }
        return (next, next.entries.count)
    }

    static func purgesHistory(_ command: Command) -> Bool {
        if case .erase = command { return true }
        return false
    }
}

typealias LedgerStore = DurableStore<Ledger>

func openLedger(
    _ directory: String,
    options: StoreOptions = StoreOptions(snapshotEverySeconds: 0),
    fileSystem: any FileSystem = PosixFileSystem(),
    seed: Ledger = Ledger()
) throws(StoreError) -> LedgerStore {
    try LedgerStore.open(directory: directory, options: options, fileSystem: fileSystem) { seed }
}

extension LedgerStore {
    /// Submits and returns the outcome, failing the test on any error.
    func put(_ key: String, _ value: String) async throws -> Int {
        try await submit(.put(key: key, value: value)).get()
    }
}

extension LedgerStore {
    /// Returns once everything the writer scheduled after earlier batches (policy snapshots) is done:
    /// the writer is serial, so a command submitted now is handled after them. The command itself is
    /// rejected and never journaled.
    func writerBarrier() async {
        _ = await submit(.remove(key: "\u{0}barrier"))
    }
}
