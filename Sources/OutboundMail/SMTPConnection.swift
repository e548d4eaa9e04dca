import OutboundHTTP
#if canImport(Glibc)
import Glibc
#endif

/// A blocking-with-deadline TCP connection to the relay, upgraded in place to TLS after STARTTLS; reads SMTP
/// replies (RFC 5321 §4.2: lines `NNN-text` continuing, `NNN text` ending a reply).
final class SMTPConnection {
    let fd: Int32
    let deadline: Double
    private var session: TLSClientSession?
    private var buffered: [UInt8] = []

    init(host: String, port: Int, timeout: Double) throws(OutboundError) {
        deadline = Self.monotonicSeconds() + timeout
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, list != nil else { throw .resolution(String(cString: gai_strerror(rc))) }
        defer { freeaddrinfo(list) }
        var cursor = list
        var lastError: OutboundError = .connection("no address for \(host)")
        while let info = cursor {
            cursor = info.pointee.ai_next
            let candidate = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue)
                                       | Int32(SOCK_NONBLOCK.rawValue), info.pointee.ai_protocol)
            guard candidate >= 0 else { continue }
            if Glibc.connect(candidate, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
                guard errno == EINPROGRESS else { lastError = .connection(Self.errnoText()); close(candidate); continue }
                do throws(OutboundError) { try Self.wait(candidate, for: Int16(POLLOUT), deadline: deadline) }
                catch { close(candidate); throw error }
                var failure: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(candidate, SOL_SOCKET, SO_ERROR, &failure, &length)
                guard failure == 0 else { lastError = .connection(String(cString: strerror(failure))); close(candidate); continue }
            }
            fd = candidate
            return
        }
        throw lastError
    }

    deinit { close(fd) }

    /// After a 220 to STARTTLS: the handshake, verifying the relay's certificate and name (RFC 3207 §4.1 leaves
    /// the check to the client; RFC 8314 §4.1 wants it). Anything read before is discarded (§4.2).
    func upgrade(context: TLSClientContext, host: String) throws(OutboundError) {
        buffered = []
        let session = try TLSClientSession(context: context, fd: fd, host: host)
        try session.handshake(fd: fd, deadline: deadline, wait: Self.wait)
        self.session = session
    }

    func send(_ text: String) throws(OutboundError) {
        let bytes = Array(text.utf8)
        if let session { try session.write(bytes, fd: fd, deadline: deadline, wait: Self.wait); return }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { throw .connection(Self.errnoText()) }
            try Self.wait(fd, for: Int16(POLLOUT), deadline: deadline)
        }
    }

    /// One whole reply: its code and its text lines.
    func reply() throws(OutboundError) -> (code: Int, text: String) {
        var texts: [String] = []
        while true {
            let line = try readLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw .malformedResponse }
            texts.append(String(line.dropFirst(4)))
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                return (code, texts.joined(separator: "\n"))
            }
        }
    }

    private func readLine() throws(OutboundError) -> String {
        while true {
            if let end = buffered.firstIndex(of: 10) {
                var line = Array(buffered[..<end])
                buffered.removeFirst(end + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard buffered.count < 65_536 else { throw .malformedResponse }
            let bytes = try receive()
            guard !bytes.isEmpty else { throw .connection("the relay closed the connection") }
            buffered += bytes
        }
    }

    private func receive() throws(OutboundError) -> [UInt8] {
        if let session { return try session.read(fd: fd, deadline: deadline, wait: Self.wait) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count >= 0 { return Array(buffer[0..<count]) }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { throw .connection(Self.errnoText()) }
            try Self.wait(fd, for: Int16(POLLIN), deadline: deadline)
        }
    }

    static func wait(_ fd: Int32, for events: Int16, deadline: Double) throws(OutboundError) {
        while true {
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { throw .timeout }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 60_000)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .connection(errnoText()) }
        }
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
