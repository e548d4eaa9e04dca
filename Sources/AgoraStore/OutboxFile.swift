// A side effect's own durable log (a webhook outbox): lines appended and fsynced before the caller goes on, read
// back whole at start, and rewritten by rename when compacted. Its owner decides what a line means; a torn last
// line (a crash mid-append) is what `lines()` drops, so an owner must treat an unreadable last line as never written.
#if canImport(Glibc)
import Glibc
#endif

/// An append-only file of lines, each durable (fsync) once `append` returns. Not thread safe: its owner calls it
/// from one queue.
public final class OutboxFile {
    public let path: String
    private var fd: Int32

    public enum Failure: Error, Sendable, CustomStringConvertible {
        case io(String, String)
        public var description: String {
            switch self { case .io(let call, let message): "\(call): \(message)" }
        }
    }

    /// Opens (creating, mode 0600: it holds secrets) the file at `path`.
    public init(path: String) throws(Failure) {
        self.path = path
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io("open(\(path))", Self.errnoText()) }
    }

    deinit { close(fd) }

    /// Every complete line (without its newline) in the file.
    public func lines() throws(Failure) -> [[UInt8]] {
        let reader = open(path, O_RDONLY | O_CLOEXEC)
        guard reader >= 0 else { throw .io("open(\(path))", Self.errnoText()) }
        defer { close(reader) }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
            if count < 0 { if errno == EINTR { continue }; throw .io("read(\(path))", Self.errnoText()) }
            if count == 0 { break }
            content += buffer[0..<count]
        }
        var result: [[UInt8]] = []
        var start = 0
        for index in content.indices where content[index] == 10 {
            result.append(Array(content[start..<index]))
            start = index + 1
        }
        return result
    }

    /// Appends `lines` (each gets a newline) and makes them durable.
    public func append(_ lines: [[UInt8]]) throws(Failure) {
        var bytes: [UInt8] = []
        for line in lines { bytes += line; bytes.append(10) }
        try Self.writeAll(bytes, to: fd, path: path)
        guard fsync(fd) == 0 else { throw .io("fsync(\(path))", Self.errnoText()) }
    }

    /// Replaces the whole file with `lines`, atomically (a temporary file, fsynced, renamed over it; the directory
    /// fsynced), and appends to the new one from now on.
    public func replace(with lines: [[UInt8]]) throws(Failure) {
        let temporary = path + ".tmp"
        let writer = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard writer >= 0 else { throw .io("open(\(temporary))", Self.errnoText()) }
        var bytes: [UInt8] = []
        for line in lines { bytes += line; bytes.append(10) }
        do throws(Failure) {
            try Self.writeAll(bytes, to: writer, path: temporary)
            guard fsync(writer) == 0 else { throw .io("fsync(\(temporary))", Self.errnoText()) }
        } catch { close(writer); throw error }
        close(writer)
        guard rename(temporary, path) == 0 else { throw .io("rename(\(temporary))", Self.errnoText()) }
        let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let directoryFD = open(directory.isEmpty ? "/" : directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 { _ = fsync(directoryFD); close(directoryFD) }
        let reopened = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard reopened >= 0 else { throw .io("open(\(path))", Self.errnoText()) }
        close(fd)
        fd = reopened
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 { if errno == EINTR { continue }; throw .io("write(\(path))", errnoText()) }
            offset += written
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
