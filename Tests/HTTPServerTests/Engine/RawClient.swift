import Glibc
import Testing

/// A raw TCP client for engine tests: it writes exact bytes and reads exact bytes, so tests see what the server put
/// on the wire (no HTTP library in between to tidy things up). Every read waits with poll() up to a deadline, so a
/// server that fails to answer fails the test instead of hanging it.
/// @unchecked Sendable: a test hands a client to one writer thread while the test thread only reads; the fd is
/// immutable and `buffer` is touched by the reading side alone.
final class RawClient: @unchecked Sendable {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ClientError.system("socket", errno) }
        if var size = receiveBuffer {
            // Must be set before connect to shrink the advertised window.
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { let e = errno; close(fd); throw ClientError.system("connect", e) }
    }

    deinit { close(fd) }

    enum ClientError: Error, CustomStringConvertible {
        case system(String, Int32)
        case timeout(String)
        case closed(String)
        case malformed(String)
        var description: String {
            switch self {
            case .system(let call, let e): "\(call): \(String(cString: strerror(e)))"
            case .timeout(let what): "timed out waiting for \(what)"
            case .closed(let what): "connection closed while waiting for \(what)"
            case .malformed(let what): "malformed response: \(what)"
            }
        }
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClientError.system("send", errno) }
            offset += n
        }
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads more bytes into the buffer; false on EOF. Throws on timeout.
    @discardableResult
    private func fill(timeout: Duration, what: String) throws -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        let ready = poll(&poller, 1, millis)
        guard ready > 0 else { throw ClientError.timeout(what) }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer.append(contentsOf: chunk[..<n]); return true }
        if n == 0 { return false }
        if errno == ECONNRESET { return false }
        throw ClientError.system("recv", errno)
    }

    /// Reads one response. Understands Content-Length, chunked and read-to-close bodies; `head: true` for HEAD.
    func readResponse(head: Bool = false, timeout: Duration = .seconds(5)) throws -> RawResponse {
        let end: Int = try {
            while true {
                if let index = find([13, 10, 13, 10]) { return index }
                guard try fill(timeout: timeout, what: "response head") else {
                    throw ClientError.closed("response head (\(buffer.count) bytes so far)")
                }
            }
        }()
        let headText = String(decoding: buffer[..<end], as: UTF8.self)
        buffer.removeFirst(end + 4)
        var lines = headText.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw ClientError.malformed(statusLine) }
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw ClientError.malformed(line) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces()))
        }
        var response = RawResponse(statusLine: statusLine, status: status, headers: headers, body: [])
        if head || status == 204 || status == 304 || (100..<200).contains(status) { return response }
        if let length = response.header("Content-Length").flatMap(Int.init) {
            while buffer.count < length {
                guard try fill(timeout: timeout, what: "body") else { throw ClientError.closed("body") }
            }
            response.body = Array(buffer[..<length])
            buffer.removeFirst(length)
        } else {
            while try fill(timeout: timeout, what: "body until close") {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// True when the server closed the connection (EOF or reset) within `timeout` with no further bytes.
    func waitForClose(timeout: Duration = .seconds(5)) throws -> Bool {
        while true {
            guard try fill(timeout: timeout, what: "close") else { return buffer.isEmpty }
        }
    }

    /// True when nothing arrives within `window` (used only to show something did NOT happen).
    func staysSilent(for window: Duration) -> Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(window.components.seconds * 1000 + window.components.attoseconds / 1_000_000_000_000_000)
        return poll(&poller, 1, millis) == 0 && buffer.isEmpty
    }

    /// Bytes received but not yet consumed as a response.
    var unread: [UInt8] { buffer }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for i in 0...(buffer.count - needle.count) where buffer[i] == needle[0] {
            if Array(buffer[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}

struct RawResponse {
    var statusLine: String
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
    func headerCount(_ name: String) -> Int { headers.filter { $0.0.lowercased() == name.lowercased() }.count }
    var text: String { String(decoding: body, as: UTF8.self) }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
