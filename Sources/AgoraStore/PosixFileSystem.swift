// The real file system: thin wrappers over Glibc that capture errno right after the failing call.
import Glibc

public struct PosixFileSystem: FileSystem {
    public init() {}

    public func open(_ path: String, mode: FileOpenMode) throws(FileSystemError) -> OpenFile {
        let flags: Int32
        switch mode {
        case .append: flags = O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC
        case .replace: flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC
        case .directory: flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC
        }
        // Owner-only: the journal and snapshot hold registrants' personal data.
        let descriptor = Glibc.open(path, flags, 0o600)
        guard descriptor >= 0 else { throw FileSystemError(operation: "open", path: path, errno: errno) }
        return OpenFile(descriptor: descriptor, path: path)
    }

    public func write(_ file: OpenFile, _ bytes: UnsafeRawBufferPointer) throws(FileSystemError) {
        guard var cursor = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(file.descriptor, cursor, remaining)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw FileSystemError(operation: "write", path: file.path, errno: code)
            }
            cursor += written
            remaining -= written
        }
    }

    public func fsync(_ file: OpenFile) throws(FileSystemError) {
        guard Glibc.fsync(file.descriptor) == 0 else {
            throw FileSystemError(operation: "fsync", path: file.path, errno: errno)
        }
    }

    public func close(_ file: OpenFile) {
        _ = Glibc.close(file.descriptor)
    }

    public func rename(_ source: String, to destination: String) throws(FileSystemError) {
        guard Glibc.rename(source, destination) == 0 else {
            throw FileSystemError(operation: "rename", path: "\(source) -> \(destination)", errno: errno)
        }
    }

    public func readFile(_ path: String) throws(FileSystemError) -> [UInt8]? {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw FileSystemError(operation: "open", path: path, errno: code)
        }
        defer { _ = Glibc.close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw FileSystemError(operation: "fstat", path: path, errno: errno)
        }
        // One byte more than st_size, so the read that finds the end needs no growth (growing a
        // buffer of hundreds of megabytes would copy it, holding both for a moment).
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        // Read to end of file rather than trusting st_size alone, in case the file grew meanwhile.
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count / 2))) }
            let count = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return Glibc.read(descriptor, base + filled, buffer.count - filled)
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                throw FileSystemError(operation: "read", path: path, errno: code)
            }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    public func openForReading(_ path: String) throws(FileSystemError) -> OpenFile? {
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 {
            let code = errno
            if code == ENOENT { return nil }
            throw FileSystemError(operation: "open", path: path, errno: code)
        }
        return OpenFile(descriptor: descriptor, path: path)
    }

    public func read(_ file: OpenFile, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let count = Glibc.read(file.descriptor, base, buffer.count)
            if count >= 0 { return count }
            let code = errno
            if code != EINTR { throw FileSystemError(operation: "read", path: file.path, errno: code) }
        }
    }

    public func remove(_ path: String) throws(FileSystemError) {
        guard unlink(path) == 0 else {
            let code = errno
            if code == ENOENT { return }
            throw FileSystemError(operation: "unlink", path: path, errno: code)
        }
    }

    public func createDirectory(_ path: String) throws(FileSystemError) {
        guard mkdir(path, 0o700) == 0 else {
            let code = errno
            if code == EEXIST { return }
            throw FileSystemError(operation: "mkdir", path: path, errno: code)
        }
    }

    public func lockExclusively(_ path: String) throws(FileSystemError) -> OpenFile {
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw FileSystemError(operation: "open", path: path, errno: errno) }
        // flock belongs to the open file description, so a second open of the same path conflicts even
        // inside one process; the kernel drops the lock when the process dies, so no stale-lock cleanup.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            _ = Glibc.close(descriptor)
            throw FileSystemError(operation: "flock", path: path, errno: code)
        }
        return OpenFile(descriptor: descriptor, path: path)
    }
}
