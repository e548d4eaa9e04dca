import Glibc
import Testing

/// A TCP connection to 127.0.0.1 that reads with poll() up to a deadline, so a server that never answers fails the
/// test instead of hanging it. The base of `TLSSocketClient`, and used on its own to send bytes that are not TLS.
class SocketClient {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketFailure(call: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw SocketFailure(call: "connect") }
    }

    deinit { close(fd) }

    func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw SocketFailure(call: "send") }
            offset += n
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// The next bytes from the socket: nil at end of stream (or reset); throws when nothing comes before the deadline.
    func receiveRaw(timeout: Duration) throws -> [UInt8]? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&poller, 1, millis) > 0 else { throw SocketFailure(call: "poll: timed out") }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(chunk[..<n]) : nil
    }

    /// Reads until the server closes; returns what arrived before the close (alerts, say), or nil when the server
    /// kept the connection open past `timeout`.
    func bytesUntilClose(timeout: Duration = .seconds(5)) -> [UInt8]? {
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
}

/// An HTTP/1.1 client over TLS on a real socket: `TestTLSClient` (OpenSSL over memory BIOs) moves the records,
/// this class moves them through the socket, the way the engine does on the other side.
final class TLSSocketClient: SocketClient {
    let tls: TestTLSClient
    private var plaintext: [UInt8] = []

    init(port: Int, options: TestTLSClient.Options = .init()) throws {
        tls = TestTLSClient(options)
        try super.init(port: port)
    }

    /// Runs the handshake to its end: `.done`, or `.failed` with OpenSSL's reason (or "closed" when the server
    /// hung up without a word).
    func handshake(timeout: Duration = .seconds(5)) throws -> TestTLSClient.Step {
        while true {
            let step = tls.handshake()
            try sendRaw(tls.takeOutput())
            if step != .needsInput { return step }
            guard let bytes = try receiveRaw(timeout: timeout) else { return .failed("closed") }
            tls.receive(bytes)
        }
    }

    func send(_ text: String) throws {
        tls.send(text)
        try sendRaw(tls.takeOutput())
    }

    /// Reads one response with a Content-Length body.
    func readResponse(timeout: Duration = .seconds(5)) throws -> HTTPReply {
        while true {
            if let reply = HTTPReply.take(from: &plaintext) { return reply }
            guard let bytes = try receiveRaw(timeout: timeout) else { throw SocketFailure(call: "closed mid-response") }
            tls.receive(bytes)
            plaintext += tls.read().bytes
        }
    }
}

/// One parsed response (Content-Length framing only, which is all the engine sends here).
struct HTTPReply {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// Removes one complete response from the front of `buffer`, if there is one.
    static func take(from buffer: inout [UInt8]) -> HTTPReply? {
        guard buffer.count >= 4,
              let end = (0...(buffer.count - 4)).first(where: { buffer[$0..<($0 + 4)].elementsEqual([13, 10, 13, 10]) })
        else { return nil }
        let lines = String(decoding: buffer[..<end], as: UTF8.self).split(separator: "\r\n").map(String.init)
        guard let statusLine = lines.first, let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        let headers = lines.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " }))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        guard buffer.count >= end + 4 + length else { return nil }
        let body = Array(buffer[(end + 4)..<(end + 4 + length)])
        buffer.removeFirst(end + 4 + length)
        return HTTPReply(status: status, headers: headers, body: body)
    }
}
