#if canImport(Glibc)
import Glibc
#endif

/// The one TCP connection to 127.0.0.1 that every test target's clients build on (`RawClient`, `HTTPReply`,
/// the TLS tests' `TLSSocketClient`). Reads wait with poll() up to a deadline, so a server that never answers fails
/// the test instead of hanging it. Close-on-exec: tests spawn `agora`, which must not inherit test sockets.
open class SocketClient {
    public let fd: Int32

    /// Connects at once. `receiveBuffer` shrinks SO_RCVBUF before connecting, so the advertised window is small
    /// (a client that reads slowly, for back-pressure tests).
    public init(port: Int, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketFailure(call: "socket", errno: errno) }
        if var size = receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw SocketFailure(call: "connect", errno: code)
        }
    }

    deinit { close(fd) }

    /// Writes every byte (MSG_NOSIGNAL: a peer that closed gives EPIPE, not a signal that kills the test runner).
    public func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SocketFailure(call: "send", errno: errno) }
            offset += n
        }
    }

    public func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// The next bytes from the socket: nil at end of stream (or reset); throws when nothing comes before the deadline.
    public func receiveRaw(timeout: Duration) throws -> [UInt8]? {
        guard wait(timeout) else { throw SocketFailure(call: "poll: timed out") }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { return Array(chunk[..<n]) }
        if n == 0 || errno == ECONNRESET { return nil }
        throw SocketFailure(call: "recv", errno: errno)
    }

    /// Reads until the server closes; returns what arrived before the close (alerts, say), or nil when the server
    /// kept the connection open past `timeout`.
    public func bytesUntilClose(timeout: Duration = .seconds(5)) -> [UInt8]? {
        var received: [UInt8] = []
        while true {
            do {
                guard let bytes = try receiveRaw(timeout: timeout) else { return received }
                received += bytes
            } catch {
                return nil
            }
        }
    }

    /// True when something (bytes or the end of the stream) is ready to read within `timeout`.
    public func wait(_ timeout: Duration) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return poll(&poller, 1, millis) > 0
    }
}
