#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client on POSIX sockets for outbound deliveries: one request per connection
/// (`Connection: close`), a deadline over resolution, connect, send and the answer's head, redirects not followed
/// (a 3xx is returned as it is: the caller counts it a failure), and the address policy checked on every resolved
/// address before connecting. Blocking: call it from a thread that may wait (never an event loop's).
public struct OutboundClient: Sendable {
    public let policy: AddressPolicy
    /// For `https` URLs; nil: they fail with `unsupportedScheme`.
    public let tls: TLSClientContext?
    /// Answers' bodies are read up to this and dropped.
    public static let maxResponseBytes = 65_536

    public init(policy: AddressPolicy, tls: TLSClientContext? = nil) {
        self.policy = policy
        self.tls = tls
    }

    /// Sends `request` and returns the response head, or why there is none, within `timeout` seconds.
    public func send(_ request: OutboundRequest, timeout: Double) throws(OutboundError) -> OutboundResponse {
        let deadline = Self.monotonicSeconds() + timeout
        if request.url.scheme == .https {
            guard let tls else { throw .unsupportedScheme("https") }
            let fd = try connect(request.url, deadline: deadline)
            defer { close(fd) }
            let session = try TLSClientSession(context: tls, fd: fd, host: request.url.host)
            let wait = { (fd: Int32, events: Int16, deadline: Double) throws(OutboundError) in
                try self.wait(fd, for: events, deadline: deadline)
            }
            try session.handshake(fd: fd, deadline: deadline, wait: wait)
            try session.write(request.serialized, fd: fd, deadline: deadline, wait: wait)
            var received: [UInt8] = []
            while true {
                let bytes = try session.read(fd: fd, deadline: deadline, wait: wait)
                guard !bytes.isEmpty else { throw .malformedResponse }
                received += bytes
                if let head = try ResponseHead.parse(received) { return head }
            }
        }
        let fd = try connect(request.url, deadline: deadline)
        defer { close(fd) }
        try write(request.serialized, to: fd, deadline: deadline)
        return try readHead(from: fd, deadline: deadline)
    }

    /// Resolves the host and connects to the first address that accepts, skipping refused (private) ones.
    private func connect(_ url: OutboundURL, deadline: Double) throws(OutboundError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(url.host, String(url.port), &hints, &list)
        guard rc == 0, let first = list else { throw .resolution(String(cString: gai_strerror(rc))) }
        defer { freeaddrinfo(list) }
        let allowPrivate = policy.allowsPrivateAddresses(for: url.host)
        var lastError: OutboundError = .refused("\(url.host) resolves only to private or loopback addresses")
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            guard let address = info.pointee.ai_addr else { continue }
            if !allowPrivate && AddressPolicy.isPrivate(UnsafePointer(address)) { continue }
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue)
                                | Int32(SOCK_NONBLOCK.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = .connection(Self.errnoText()); continue }
            if Glibc.connect(fd, address, info.pointee.ai_addrlen) == 0 { return fd }
            guard errno == EINPROGRESS else { lastError = .connection(Self.errnoText()); close(fd); continue }
            do throws(OutboundError) {
                try wait(fd, for: Int16(POLLOUT), deadline: deadline)
            } catch { close(fd); throw error }
            var failure: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length)
            if failure == 0 { return fd }
            lastError = .connection(String(cString: strerror(failure)))
            close(fd)
        }
        throw lastError
    }

    private func write(_ bytes: [UInt8], to fd: Int32, deadline: Double) throws(OutboundError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                throw .connection(Self.errnoText())
            }
            try wait(fd, for: Int16(POLLOUT), deadline: deadline)
        }
    }

    /// Reads until the header section is complete, then drains (at most `maxResponseBytes`) briefly.
    private func readHead(from fd: Int32, deadline: Double) throws(OutboundError) -> OutboundResponse {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                received += buffer[0..<count]
                if let head = try ResponseHead.parse(received) { return head }
                continue
            }
            if count == 0 { throw .malformedResponse }
            guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { throw .connection(Self.errnoText()) }
            try wait(fd, for: Int16(POLLIN), deadline: deadline)
        }
    }

    /// Waits for `events` on `fd` until `deadline`.
    private func wait(_ fd: Int32, for events: Int16, deadline: Double) throws(OutboundError) {
        while true {
            let remaining = deadline - Self.monotonicSeconds()
            guard remaining > 0 else { throw .timeout }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let ready = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 60_000)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .connection(Self.errnoText()) }
        }
    }

    static func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
