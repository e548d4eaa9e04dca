// A healthy file system whose next journal fsync can be held, so a test can keep a write pending (accepted, not
// yet durable) and see what other requests get meanwhile — without timing guesses.
import AgoraStore
import Dispatch
import Synchronization

final class GatedFileSystem: FileSystem {
    private let base = PosixFileSystem()
    private let armed = Mutex(false)
    private let entered = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)

    /// The next fsync of the journal blocks until `release()`.
    func arm() { armed.withLock { $0 = true } }

    func release() { released.signal() }

    /// Blocks until the store's writer is parked in the held fsync (at most 10 s).
    func waitUntilParked() -> Bool { entered.wait(timeout: .now() + 10) == .success }

    func fsync(_ file: OpenFile) throws(FileSystemError) {
        if file.path.hasSuffix("/journal.jsonl") || file.path.hasSuffix("/journal.jsonl.tmp") {
            let gated = armed.withLock { armed -> Bool in
                defer { armed = false }
                return armed
            }
            if gated {
                entered.signal()
                released.wait()
            }
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
