// The command logs the contract tests run against; a new log (PostgreSQL, issue #15) joins with a case.
import AgoraStore
import Testing

/// Every CommandLog implementation the contract tests run against.
enum LogKind: String, CaseIterable, CustomTestStringConvertible {
    case journalFiles, sharedMemory

    /// Where a log keeps its data; `open()` opens a log on it (again, as after a restart, once the
    /// previous one is closed).
    struct Place {
        let open: () throws -> any CommandLog<Ledger>
        /// Keeps the storage (a temporary directory) alive for the test.
        let keepAlive: AnyObject
    }

    var testDescription: String { rawValue }

    func makePlace() -> Place {
        switch self {
        case .journalFiles:
            let dir = TemporaryDirectory()
            return Place(open: { try JournalFileLog<Ledger>.open(directory: dir.data) }, keepAlive: dir)
        case .sharedMemory:
            let storage = SharedMemoryLogStorage()
            return Place(open: { SharedMemoryLog<Ledger>(storage: storage) }, keepAlive: storage)
        }
    }
}
