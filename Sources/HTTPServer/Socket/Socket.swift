#if canImport(Glibc)
import Glibc
import CSystem
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place that touches socket system calls. Every function returns a result that carries errno from the
/// failing call; nothing above this layer reads errno.
enum Socket {
    enum IOResult: Equatable {
        case bytes(Int)      // > 0 bytes transferred
        case wouldBlock      // EAGAIN/EWOULDBLOCK: wait for readiness
        case closed          // recv returned 0: the peer shut down its sending side
        case failed(SocketError)
    }

    /// `count` listening TCP sockets on one address, non-blocking, close-on-exec, SO_REUSEADDR (restart without
    /// waiting out TIME_WAIT), and the port they listen on (port 0 binds any free one). With `count` above 1 (Linux)
    /// they form one SO_REUSEPORT group: the kernel spreads incoming connections over the group's sockets by a hash of
    /// the connection's addresses, so each event loop accepts from a queue of its own (nginx's `reuseport`) instead of
    /// every loop waking on one shared socket. Elsewhere `count` is ignored: one socket, shared.
    static func listen(host: String, port: Int, backlog: Int32, count: Int = 1) throws(SocketError) -> (fds: [Int32], port: Int) {
        #if os(Linux)
        let group = count > 1
        #else
        let group = false
        #endif
        // The first socket binds without SO_REUSEPORT, so a port another process holds (with or without the option,
        // even one of the same user, which the kernel would otherwise let into its group) fails here, as it always did.
        let first = try bound(host: host, port: port, reusePort: false, family: nil)
        guard group else {
            do throws(SocketError) { try startListening(first.fd, backlog: backlog) } catch { close(first.fd); throw error }
            return ([first.fd], first.port)
        }
        // It proved the port free; the group takes it over (a socket without SO_REUSEPORT would keep the group out).
        // The instant between the two binds is the only window in which another bind can take the port.
        close(first.fd)
        var fds: [Int32] = []
        do throws(SocketError) {
            for _ in 0..<count {
                let member = try bound(host: host, port: first.port, reusePort: true, family: first.family)
                fds.append(member.fd)
                try startListening(member.fd, backlog: backlog)
            }
        } catch {
            for fd in fds { close(fd) }
            throw error
        }
        return (fds, first.port)
    }

    /// A TCP socket bound to the first address of `host` (of `family`, when given) that binds, not yet listening.
    private static func bound(host: String, port: Int, reusePort: Bool, family: Int32?) throws(SocketError)
        -> (fd: Int32, port: Int, family: Int32) {
        var hints = addrinfo()
        hints.ai_family = family ?? AF_UNSPEC
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            throw SocketError("getaddrinfo(\(host))", errno: rc == EAI_SYSTEM ? currentErrno() : EINVAL)
        }
        defer { freeaddrinfo(list) }
        var lastError = SocketError("bind(\(host):\(port))", errno: EADDRNOTAVAIL)
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            #if os(Linux)
            // Close-on-exec from the first instant, not after a later fcntl: a process spawned by another thread in
            // between (a test runner, a hook) would otherwise inherit the listener and keep the port open.
            let type = info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue)
            #else
            let type = info.pointee.ai_socktype
            #endif
            let fd = socket(info.pointee.ai_family, type, info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = SocketError("socket"); continue }
            var one: Int32 = 1
            _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if reusePort {
                guard setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                    lastError = SocketError("setsockopt(SO_REUSEPORT)"); close(fd); continue
                }
            }
            guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
                lastError = SocketError("bind(\(host):\(port))"); close(fd); continue
            }
            return (fd, boundPort(fd) ?? port, info.pointee.ai_family)
        }
        throw lastError
    }

    private static func startListening(_ fd: Int32, backlog: Int32) throws(SocketError) {
        guard Glibc.listen(fd, backlog) == 0 else { throw SocketError("listen") }
        try setNonBlocking(fd)
    }

    static func setNonBlocking(_ fd: Int32) throws(SocketError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else { throw SocketError("fcntl(O_NONBLOCK)") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
    }

    static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { return nil }
        return address(of: storage).port
    }

    enum AcceptResult {
        case accepted(Int32)
        case wouldBlock
        case retry                   // ECONNABORTED, EINTR, EPROTO: that one connection is gone; keep accepting
        case outOfDescriptors        // EMFILE/ENFILE/ENOBUFS/ENOMEM: stop accepting for a moment, never crash
        case failed(SocketError)
    }

    /// accept4 with SOCK_NONBLOCK|SOCK_CLOEXEC: one call instead of accept + two fcntl.
    static func accept(_ listener: Int32) -> AcceptResult {
        #if canImport(Glibc)
        let fd = csystem_accept4(listener)
        #else
        let fd = Darwin.accept(listener, nil, nil)
        if fd >= 0 { try? setNonBlocking(fd); var one: Int32 = 1; setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, 4) }
        #endif
        if fd >= 0 { return .accepted(fd) }
        let error = currentErrno()
        switch error {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case ECONNABORTED, EINTR, EPROTO: return .retry
        case EMFILE, ENFILE, ENOBUFS, ENOMEM: return .outOfDescriptors
        default: return .failed(SocketError("accept4", errno: error))
        }
    }

    /// TCP_NODELAY: a response is written in one writev, so Nagle's algorithm would only add the 40 ms delayed-ACK
    /// stall FlyingFox shows (header and body in two writes) — never wait.
    static func configureAccepted(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> IOResult {
        while true {
            let n = recv(fd, buffer, count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .closed }
            let error = currentErrno()
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SocketError("recv", errno: error))
            }
        }
    }

    static func writev(_ fd: Int32, _ vectors: UnsafeBufferPointer<iovec>) -> IOResult {
        while true {
            let n = Glibc.writev(fd, vectors.baseAddress, Int32(vectors.count))
            if n >= 0 { return .bytes(n) }
            let error = currentErrno()
            switch error {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(SocketError("writev", errno: error))
            }
        }
    }

    /// Half-close our sending side so the peer reads EOF after the last response, then close for good.
    static func shutdownWrite(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        #else
        _ = Darwin.shutdown(fd, SHUT_WR)
        #endif
    }

    /// Whether the peer has sent bytes we have not read (recv with MSG_PEEK takes nothing): a connection about to be
    /// closed is answered instead when it has, since closing under unread bytes makes the kernel send RST.
    static func hasUnreadInput(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        #if canImport(Glibc)
        let flags = Int32(MSG_PEEK | MSG_DONTWAIT)
        #else
        let flags = MSG_PEEK | MSG_DONTWAIT
        #endif
        return recv(fd, &byte, 1, flags) > 0
    }

    /// Makes a listening socket complete no new handshake while it stays open (Linux: a socket filter drops every
    /// SYN without ACK, so the client retries and is refused once the socket closes). Handshakes already under way
    /// still complete, and what is in the accept queue stays there to be accepted — unlike `stopListening`, which
    /// resets it. Elsewhere a no-op.
    static func refuseNewHandshakes(_ fd: Int32) {
        #if canImport(Glibc)
        _ = csystem_refuse_new_handshakes(fd)
        #endif
    }

    /// Makes a listening socket refuse new connections (Linux: pending and future handshakes are reset) while its
    /// descriptor stays valid for whoever still holds it.
    static func stopListening(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.shutdown(fd, Int32(SHUT_RDWR))
        #else
        _ = Darwin.shutdown(fd, SHUT_RDWR)
        #endif
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// "127.0.0.1:54321" or "[::1]:54321" for logs.
    static func peerName(_ fd: Int32) -> String {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let rc = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &length) }
        }
        guard rc == 0 else { return "-" }
        let (host, port) = address(of: storage)
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    static func address(of storage: sockaddr_storage) -> (host: String, port: Int) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { sin in
                    var addr = sin.pointee.sin_addr
                    inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
                    return (String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                            Int(UInt16(bigEndian: sin.pointee.sin_port)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { sin6 in
                    var addr = sin6.pointee.sin6_addr
                    inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
                    return (String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                            Int(UInt16(bigEndian: sin6.pointee.sin6_port)))
                }
            }
        default:
            return ("-", 0)
        }
    }
}
