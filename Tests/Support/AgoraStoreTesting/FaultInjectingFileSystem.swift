// A FileSystem that fails chosen calls, so tests (of the store and of the API) can see what a full or failing
// disk does to the store without one. Counts write, fsync and rename calls across all files.
public import AgoraStore
import Glibc
import Synchronization

public final class FaultInjectingFileSystem: FileSystem {
    public enum Operation: Sendable, Hashable, CaseIterable {
        case write, fsync, rename
    }

    /// Which call fails: the `call`-th (1-based) call of `operation`, with `errno`; when `persistent`,
    /// every later call of that operation fails too (a disk that stays full).
    public struct Fault: Sendable, Equatable {
        public var operation: Operation
        public var call: Int
        public var errno: Int32
        public var persistent: Bool

        public init(operation: Operation, call: Int, errno: Int32, persistent: Bool = false) {
            self.operation = operation
            self.call = call
            self.errno = errno
            self.persistent = persistent
        }
    }

    /// Calls refused from a moment the test chooses until it calls `accept()` (a disk that fills up and gets
    /// space back), or for the next `remaining` matching calls; only on paths containing `pathContaining` when set
    /// (a disk with room for the journal but not for a snapshot).
    public struct Refusal: Sendable {
        public var operations: Set<Operation>
        public var errno: Int32
        public var pathContaining: String?
        public var remaining: Int?
    }

    private let base = PosixFileSystem()
    private let fault: Fault?
    private let counts = Mutex<[Operation: Int]>([:])
    private let refusals = Mutex<[Refusal]>([])

    public init(fault: Fault? = nil) {
        self.fault = fault
    }

    /// How many calls of `operation` were made so far (to size an "every k" loop).
    public func calls(_ operation: Operation) -> Int {
        counts.withLock { $0[operation, default: 0] }
    }

    /// From now on (also) refuses `operations` (all paths, or those containing `pathContaining`) with `errno`,
    /// until `accept()`, or `times` calls.
    public func refuse(_ operations: Set<Operation>, errno: Int32, pathContaining: String? = nil, times: Int? = nil) {
        refusals.withLock { $0.append(Refusal(operations: operations, errno: errno, pathContaining: pathContaining, remaining: times)) }
    }

    /// Space is back: calls succeed again (the fault given at init still applies).
    public func accept() {
        refusals.withLock { $0.removeAll() }
    }

    /// Counts the call and returns the errno to fail it with, if this call is the chosen one.
    private func injectedErrno(for operation: Operation, path: String = "") -> Int32? {
        let call = counts.withLock { counts -> Int in
            counts[operation, default: 0] += 1
            return counts[operation, default: 0]
        }
        let refused = refusals.withLock { refusals -> Int32? in
            guard let index = refusals.firstIndex(where: { refusal in
                refusal.operations.contains(operation) && (refusal.pathContaining.map { path.contains($0) } ?? true)
            }) else { return nil }
            let refusal = refusals[index]
            if let remaining = refusal.remaining {
                if remaining <= 1 { refusals.remove(at: index) } else { refusals[index].remaining = remaining - 1 }
            }
            return refusal.errno
        }
        if let refused { return refused }
        guard let fault, fault.operation == operation else { return nil }
        if call == fault.call || (fault.persistent && call > fault.call) { return fault.errno }
        return nil
    }

    public func open(_ path: String, mode: FileOpenMode) throws(FileSystemError) -> OpenFile {
        try base.open(path, mode: mode)
    }

    public func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
        if let code = injectedErrno(for: .write, path: file.path) {
            // A real ENOSPC usually lands after part of the data: write half, then fail, so the store
            // has to cope with a torn tail it did not acknowledge.
            try base.write(file, UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count / 2)]))
            throw FileSystemError(operation: "write", path: file.path, errno: code)
        }
        try base.write(file, bytes)
    }

    public func fsync(_ file: OpenFile) throws(FileSystemError) {
        if let code = injectedErrno(for: .fsync, path: file.path) {
            throw FileSystemError(operation: "fsync", path: file.path, errno: code)
        }
        try base.fsync(file)
    }

    public func close(_ file: OpenFile) {
        base.close(file)
    }

    public func rename(_ source: String, to destination: String) throws(FileSystemError) {
        if let code = injectedErrno(for: .rename, path: source) {
            throw FileSystemError(operation: "rename", path: "\(source) -> \(destination)", errno: code)
        }
        try base.rename(source, to: destination)
    }

    public func readFile(_ path: String) throws(FileSystemError) -> [UInt8]? {
        try base.readFile(path)
    }

    public func openForReading(_ path: String) throws(FileSystemError) -> OpenFile? {
        try base.openForReading(path)
    }

    public func read(_ file: OpenFile, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int {
        try base.read(file, into: buffer)
    }

    public func remove(_ path: String) throws(FileSystemError) {
        try base.remove(path)
    }

    public func createDirectory(_ path: String) throws(FileSystemError) {
        try base.createDirectory(path)
    }

    public func lockExclusively(_ path: String) throws(FileSystemError) -> OpenFile {
        try base.lockExclusively(path)
    }
}
