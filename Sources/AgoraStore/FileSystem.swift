// The few file-system calls the store makes, behind a protocol so tests can inject ENOSPC/EIO at the
// k-th write, fsync or rename (FaultInjectingFileSystem) without a full disk.

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
