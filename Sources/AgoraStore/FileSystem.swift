// The few file-system calls the store makes, behind a protocol so tests can inject ENOSPC/EIO at the
// k-th write, fsync or rename (FaultInjectingFileSystem) without a full disk.
import Glibc

/// An open file descriptor and the path it was opened from (for error messages).
public struct OpenFile: Sendable, Equatable {
    public let descriptor: Int32
    public let path: String

    public init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }
}

/// How `FileSystem.open` opens a file.
public enum FileOpenMode: Sendable, Equatable {
    /// Write-only, appending, created if missing (the journal).
    case append
    /// Write-only, created or truncated to empty (temp files about to be renamed into place).
    case replace
    /// Read-only directory handle, used only to `fsync` a rename into durability.
    case directory
}

/// A failed system call, with errno captured at the failure site.
public struct FileSystemError: Error, Equatable, CustomStringConvertible {
    public let operation: String
    public let path: String
    public let errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String { "\(operation) \(path): \(describeErrno(errno)) (errno \(errno))" }
}

/// The file-system calls the store needs. Implementations must be safe to call from any thread.
public protocol FileSystem: Sendable {
    func open(_ path: String, mode: FileOpenMode) throws(FileSystemError) -> OpenFile
    /// Writes every byte (looping over short writes) or throws; a throw may leave a prefix written.
    func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError)
    func fsync(_ file: OpenFile) throws(FileSystemError)
    func close(_ file: OpenFile)
    func rename(_ source: String, to destination: String) throws(FileSystemError)
    /// The whole file, or nil when it does not exist.
    func readFile(_ path: String) throws(FileSystemError) -> [UInt8]?
    /// Opens `path` read-only, or nil when it does not exist.
    func openForReading(_ path: String) throws(FileSystemError) -> OpenFile?
    /// Reads up to `buffer.count` bytes from the file's position into `buffer`; returns how many (0 at
    /// the end of the file).
    func read(_ file: OpenFile, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int
    /// Removes a file; a missing file is not an error.
    func remove(_ path: String) throws(FileSystemError)
    /// Creates a directory; an existing one is not an error.
    func createDirectory(_ path: String) throws(FileSystemError)
    /// Opens (creating) `path` and takes an exclusive, non-blocking `flock`.
    /// Throws with errno `EWOULDBLOCK` when someone else holds it.
    func lockExclusively(_ path: String) throws(FileSystemError) -> OpenFile
}

extension FileSystem {
    func write(_ file: OpenFile, _ bytes: [UInt8]) throws(FileSystemError) {
        let result: Result<Void, FileSystemError> = bytes.withUnsafeBytes { buffer in
            do throws(FileSystemError) { try write(file, buffer); return .success(()) } catch { return .failure(error) }
        }
        try result.get()
    }

    /// Makes a rename or file creation inside `directory` durable.
    func syncDirectory(_ directory: String) throws(FileSystemError) {
        let handle = try open(directory, mode: .directory)
        defer { close(handle) }
        try fsync(handle)
    }
}

func describeErrno(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "errno \(code)" }
    return String(cString: text)
}
