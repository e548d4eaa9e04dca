// The command logs the contract tests run against: the journal files, the in-memory shared log, and PostgreSQL
// (issue #15) on a database of its own in the test process's cluster (PostgresCluster.shared).
import TestSupport
import AgoraPostgres
import AgoraStore
import PostgresTesting
import Synchronization
import Testing

/// Every CommandLog implementation the contract tests run against.
enum LogKind: String, CaseIterable, CustomTestStringConvertible {
    case journalFiles, sharedMemory, postgres

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
        case .postgres:
            let cluster = PostgresCluster.shared
            let url: String
            do { url = try cluster.createDatabase() } catch { fatalError("cannot create a test database: \(error)") }
            let opened = Mutex<PostgresCommandLog<Ledger>?>(nil)
            return Place(open: {
                let log = try PostgresCommandLog<Ledger>.open(options: PostgresLogOptions(url: url))
                opened.withLock { $0 = log }
                return log
            }, failNextAppend: {
                // The append connection's server process ends, as when PostgreSQL restarts or the network drops it.
                guard let pid = opened.withLock({ $0?.writerBackendPID }), pid != 0 else { return }
                _ = try? cluster.sql("SELECT pg_terminate_backend(\(pid))")
            }, keepAlive: cluster)
        }
    }
}
