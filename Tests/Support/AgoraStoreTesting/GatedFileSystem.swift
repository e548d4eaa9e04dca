// A healthy file system whose next journal fsync can be held open, so a test can pile up submissions
// behind an in-flight batch deterministically (no timing guesses) and look at the store meanwhile, or keep
// an API write pending (accepted, not yet durable) and see what other requests get.
public import AgoraStore
import Dispatch
import Synchronization

public final class GatedFileSystem: FileSystem {
    private let base = PosixFileSystem()
    private let armed = Mutex(false)
    /// Journal replacements are signalled only after the first `arm()` (not those of `open`).
    private let watching = Mutex(false)
    private let journalFsyncs = Mutex(0)
    private let entered = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)
    private let journalReplaced = DispatchSemaphore(value: 0)
    private let gatedSuffix: String

    /// `gatedSuffix`: the file whose next fsync `arm()` holds (the journal unless told otherwise). The API tests'
    /// former copy also held `journal.jsonl.tmp`; none of them armed across a compaction, so one file is enough.
    public init(gatedSuffix: String = "/journal.jsonl") {
        self.gatedSuffix = gatedSuffix
    }

    /// The next fsync of the journal blocks until `release()`.
    public func arm() {
        armed.withLock { $0 = true }
        watching.withLock { $0 = true }
    }

    public func release() { released.signal() }

    /// Blocks until the store's writer is parked in the held fsync (at most 10 s), for tests on threads.
    public func waitUntilParked() -> Bool { entered.wait(timeout: .now() + 10) == .success }

    public var journalFsyncCount: Int { journalFsyncs.withLock { $0 } }

    /// Suspends (without blocking a cooperative thread) until the writer is parked in the gated fsync.
    public func writerIsParked() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.entered.wait()
                continuation.resume()
            }
        }
    }

    /// Suspends until a new journal was renamed into place after `arm()` (a compaction finished).
    public func journalWasReplaced() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.journalReplaced.wait()
                continuation.resume()
            }
        }
    }

    public func fsync(_ file: OpenFile) throws(FileSystemError) {
        if file.path.hasSuffix("/journal.jsonl") || file.path.hasSuffix("/journal.jsonl.tmp") {
            journalFsyncs.withLock { $0 += 1 }
        }
        if file.path.hasSuffix(gatedSuffix) {
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

    public func open(_ path: String, mode: FileOpenMode) throws(FileSystemError) -> OpenFile { try base.open(path, mode: mode) }
    public func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError) { try base.write(file, bytes) }
    public func close(_ file: OpenFile) { base.close(file) }
    public func rename(_ source: String, to destination: String) throws(FileSystemError) {
        try base.rename(source, to: destination)
        if destination.hasSuffix("/journal.jsonl"), watching.withLock({ $0 }) { journalReplaced.signal() }
    }
    public func readFile(_ path: String) throws(FileSystemError) -> [UInt8]? { try base.readFile(path) }
    public func openForReading(_ path: String) throws(FileSystemError) -> OpenFile? { try base.openForReading(path) }
    public func read(_ file: OpenFile, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int {
        try base.read(file, into: buffer)
    }
    public func remove(_ path: String) throws(FileSystemError) { try base.remove(path) }
    public func createDirectory(_ path: String) throws(FileSystemError) { try base.createDirectory(path) }
    public func lockExclusively(_ path: String) throws(FileSystemError) -> OpenFile { try base.lockExclusively(path) }
}
