import AgoraJSON
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go: stdout, written on a serial queue of its own so an event loop never blocks on a slow
/// terminal or a full pipe. Loops hand over whole batches of lines; order within a loop's batches is kept.
public final class LogSink: Sendable {
    public let level: LogLevel
    private let queue = DispatchQueue(label: "agora.log")
    private let fd: Int32

    public init(level: LogLevel, fd: Int32 = 1) {
        self.level = level
        self.fd = fd
    }

    /// Takes ownership of `bytes` (complete lines) and writes them in the background.
    func submit(_ bytes: [UInt8]) {
        queue.async { [fd] in Self.writeAll(fd, bytes) }
    }

    /// A single event outside the request path (start-up, shutdown, warnings), as one JSON line.
    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, String)] = []) {
        guard level >= self.level else { return }
        var cache = DateCache()
        cache.refresh()
        var line: [UInt8] = []
        line.append(contentsOf: "{\"time\":\"".utf8)
        line.append(contentsOf: cache.isoPrefix)
        appendMillis(cache.milliseconds, to: &line)
        line.append(contentsOf: "Z\",\"level\":\"\(level.rawValue)\",\"msg\":".utf8)
        JSONText.appendQuoted(message, to: &line)
        for (name, value) in fields {
            line.append(UInt8(ascii: ","))
            JSONText.appendQuoted(name, to: &line)
            line.append(UInt8(ascii: ":"))
            JSONText.appendQuoted(value, to: &line)
        }
        line.append(contentsOf: "}\n".utf8)
        submit(line)
    }

    /// Waits until everything submitted so far is written (shutdown, tests).
    public func flush() {
        queue.sync {}
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && currentErrno() == EINTR { continue } else { return }
            }
        }
    }
}

@inline(__always)
func appendMillis(_ millis: Int, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "0") + UInt8(millis / 100))
    out.append(UInt8(ascii: "0") + UInt8(millis / 10 % 10))
    out.append(UInt8(ascii: "0") + UInt8(millis % 10))
}
