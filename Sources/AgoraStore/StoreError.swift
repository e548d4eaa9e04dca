/// Why a store could not be opened or closed. Each case names the file (and offset) an operator must look at.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// Another process (or another open store in this process) holds the data directory's lock file.
    case lockedByAnotherProcess(path: String)
    /// The snapshot is unreadable, fails its checksum, or is missing while a journal exists.
    case corruptSnapshot(path: String, reason: String)
    /// A journal record before the last one is damaged, out of sequence or cannot be replayed.
    case corruptJournal(path: String, offset: Int, reason: String)
    /// A system call failed; `errno` was captured at the failure site.
    case io(operation: String, path: String, errno: Int32)
    /// The state could not be encoded (a bug in the state's `Codable` conformance).
    case encodingFailed(reason: String)
    /// The `seed` closure threw while initialising an empty data directory.
    case seedFailed(reason: String)
    /// `close()` was called twice.
    case alreadyClosed
    /// A command log kept in a database (PostgreSQL, issue #15) could not do `operation`: unreachable, a
    /// connection lost (then the outcome of a commit in flight is unknown), or a statement refused.
    case database(operation: String, reason: String)
    /// The records after `sequence` are gone from a shared log: a snapshot another instance installed replaced
    /// them (as after an erasure). The reader must start again from the latest snapshot.
    case historyPruned(after: UInt64)

    public var description: String {
        switch self {
        case .lockedByAnotherProcess(let path):
            return "data directory is in use: \(path) is locked by another process"
        case .corruptSnapshot(let path, let reason):
            return "refusing to start: snapshot \(path) is unusable: \(reason)"
        case .corruptJournal(let path, let offset, let reason):
            return "refusing to start: journal \(path) is damaged at byte offset \(offset): \(reason)"
        case .io(let operation, let path, let code):
            return "\(operation) \(path) failed: \(describeErrno(code)) (errno \(code))"
        case .encodingFailed(let reason):
            return "could not encode state: \(reason)"
        case .seedFailed(let reason):
            return "could not seed an empty data directory: \(reason)"
        case .alreadyClosed:
            return "store already closed"
        case .database(let operation, let reason):
            return "\(operation) failed: \(reason)"
        case .historyPruned(let sequence):
            return "the records after \(sequence) were replaced by a newer snapshot"
        }
    }

    init(_ error: FileSystemError) {
        self = .io(operation: error.operation, path: error.path, errno: error.errno)
    }
}
