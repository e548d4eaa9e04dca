import Dispatch
public import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where log lines go: a descriptor (stdout by default), written on one serial queue of its own so an event loop
/// never blocks on a slow terminal or a full pipe. It takes whole batches of complete JSON lines — the engine's
/// access log hands over its buffer once 16 KiB have gathered at the end of a batch (64 KiB within one, the rest on the
/// loop's tick), a `JSONLineLogHandler` one line per record — and keeps
/// the order in which they were submitted.
public final class LogWriter: Sendable {
    /// The configured level: the default of the loggers made here, and whether the access log writes at all.
    public let level: Logger.Level
    private let queue = DispatchQueue(label: "agora.log")
    private let fd: Int32

    public init(level: Logger.Level, fd: Int32 = 1) {
        self.level = level
        self.fd = fd
    }

    /// Takes ownership of `bytes` (complete lines) and writes them in the background.
    public func submit(_ bytes: [UInt8]) {
        queue.async { [fd] in Self.writeAll(fd, bytes) }
    }

    /// Waits until everything submitted so far is written (shutdown, tests).
    public func flush() {
        queue.sync {}
    }

    /// A logger for one module (`label`, e.g. "agora.store") writing JSON lines here, at `level` or the
    /// writer's own. Loggers are injected, never bootstrapped globally: tests run many servers in one process.
    public func logger(label: String, level: Logger.Level? = nil) -> Logger {
        var logger = Logger(label: label) { JSONLineLogHandler(label: $0, writer: self) }
        logger.logLevel = level ?? self.level
        return logger
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }
}
