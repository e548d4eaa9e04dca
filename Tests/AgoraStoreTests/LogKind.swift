// The command logs the contract tests run against; a new log (PostgreSQL, issue #15) joins with a case.
import TestSupport
import AgoraStore
import Testing

/// Every CommandLog implementation the contract tests run against.
enum LogKind: String, CaseIterable, CustomTestStringConvertible {
    case journalFiles, sharedMemory

    /// Where a log keeps its data; `open()` opens a log on it (again, as after a restart, once the
    /// previous one is closed).
    struct Place {
        let open: () throws -> any CommandLog<Ledger>
        /// Makes the next append fail as a lost disk or connection would (an fsync that fails, a commit
        /// that never returns).
        let failNextAppend: () -> Void
        /// Keeps the storage (a temporary directory) alive for the test.
        let keepAlive: AnyObject
    }

    var testDescription: String { rawValue }

    func makePlace() -> Place {
        switch self {
        case .journalFiles:
            let dir = TemporaryDirectory()
            let fileSystem = JournalFsyncFailure()
            return Place(open: { try JournalFileLog<Ledger>.open(directory: dir.data, fileSystem: fileSystem) },
                         failNextAppend: { fileSystem.arm() }, keepAlive: dir)
        case .sharedMemory:
            let storage = SharedMemoryLogStorage()
            return Place(open: { SharedMemoryLog<Ledger>(storage: storage) },
                         failNextAppend: { storage.contents.withLock { $0.failNextAppend = true } }, keepAlive: storage)
        }
    }
}
