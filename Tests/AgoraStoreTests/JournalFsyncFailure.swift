// The real file system, except that once armed, the next fsync of journal.jsonl fails with EIO: the
// contract tests' "lost disk" for the journal files, at a moment the test chooses.
import AgoraStore
import Glibc
import Synchronization

final class JournalFsyncFailure: FileSystem {
    private let base = PosixFileSystem()
    private let armed = Mutex(false)

    func arm() { armed.withLock { $0 = true } }

    func fsync(_ file: OpenFile) throws(FileSystemError) {
        if file.path.hasSuffix("/journal.jsonl"), armed.withLock({ armed in defer { armed = false }; return armed }) {
            throw FileSystemError(operation: "fsync", path: file.path, errno: EIO)
        }
        try base.fsync(file)
    }

    func open(_ path: String, mode: FileOpenMode) throws(FileSystemError) -> OpenFile { try base.open(path, mode: mode) }
    func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError) { try base.write(file, bytes) }
    func close(_ file: OpenFile) { base.close(file) }
    func rename(_ source: String, to destination: String) throws(FileSystemError) { try base.rename(source, to: destination) }
    func readFile(_ path: String) throws(FileSystemError) -> [UInt8]? { try base.readFile(path) }
    func openForReading(_ path: String) throws(FileSystemError) -> OpenFile? { try base.openForReading(path) }
    func read(_ file: OpenFile, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int {
        try base.read(file, into: buffer)
    }
    func remove(_ path: String) throws(FileSystemError) { try base.remove(path) }
    func createDirectory(_ path: String) throws(FileSystemError) { try base.createDirectory(path) }
    func lockExclusively(_ path: String) throws(FileSystemError) -> OpenFile { try base.lockExclusively(path) }
}
