#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client connection, owned by one event loop (Redis's `client`): its query buffer, parser state, reply list,
/// lifecycle (timeouts) and flags. It reads once per readiness event, answers every complete request in the buffer
/// (pipelining, in order), and writes all queued replies with one writev.
///
/// @unchecked Sendable: every stored property is touched only on `loop`; deferred replies come back through
/// `loop.execute` before they touch anything.
final class Connection: IOHandler, @unchecked Sendable {
    let fd: Int32
    let peer: String
    unowned let server: ServerLoop
    var transport: (any ConnectionTransport)?
    /// The listener's extra response headers (e.g. HSTS on the TLS listener).
    let responseHeaders: HTTPHeaders

    var inbound: ReceiveBuffer
    var parser: RequestParser
    var reading: ReadState = .head
    var output = OutputQueue()
    var lifecycle: ConnectionLifecycle

    /// A handler is producing a response; pipelined requests behind it wait.
    var inFlight = false
    /// Close once the queued output is written (Connection: close, HTTP/1.0, errors, draining).
    var closeAfterWrite = false
    /// The peer shut down its sending side (recv returned 0): answer what is complete, then close.
    var peerClosed = false
    var readInterest = true
    var writeInterest = false
    var closed = false
    /// After our last response on a connection we end: we shut down writing and discard input until EOF or a short
    /// deadline, so unread request bytes don't make the kernel reset the connection and destroy the response
    /// before the client has read it (RFC 9112 §9.6).
    var lingering = false
    var lingerDeadline: MonotonicNanos = .max
    /// Bumped when the connection closes so a late completion of a deferred reply is dropped.
    var generation: UInt64 = 0

    enum ReadState {
        case head
        case body(RequestHead, body: [UInt8], remaining: Int)
        case chunked(RequestHead, body: [UInt8], decoder: ChunkedDecoder)
    }

    init(fd: Int32, peer: String, server: ServerLoop, transport: (any ConnectionTransport)?,
         responseHeaders: HTTPHeaders = HTTPHeaders(), now: MonotonicNanos) {
        self.fd = fd
        self.responseHeaders = responseHeaders
        self.peer = peer
        self.server = server
        self.transport = transport
        inbound = ReceiveBuffer(capacity: server.configuration.initialReceiveBuffer)
        parser = RequestParser(limits: server.configuration.parserLimits)
        lifecycle = ConnectionLifecycle(timeouts: server.configuration.timeouts, openedAt: now,
                                        handshaking: transport?.isHandshaking ?? false)
    }

    // MARK: Readiness

    func handleReadable() {
        guard !closed else { return }
        if lingering { discardInput(); return }
        let limit = server.configuration.receiveBufferLimit
        guard inbound.reserve(minimum: 4096, limit: limit) else {
            setReadInterest(false)   // query buffer full: back-pressure until the queued requests are answered
            return
        }
        let result: Socket.IOResult
        if let transport {
            result = receiveThroughTransport(transport)
        } else {
            var outcome = Socket.IOResult.wouldBlock
            _ = inbound.fill { space in
                outcome = Socket.receive(fd, into: space.baseAddress!, count: space.count)
                if case .bytes(let n) = outcome { return n }
                return 0
            }
            result = outcome
        }
        switch result {
        case .bytes: break
        case .wouldBlock: return
        case .closed:
            peerClosed = true
            setReadInterest(false)
        case .failed:
            close()
            return
        }
        processInput()
        flush()
        // pendingOutputBytes, not output.isEmpty: with TLS, encrypted bytes may still wait in wireOutput.
        if peerClosed && !inFlight && pendingOutputBytes == 0 && !closed {
            close()
        }
    }

    func handleWritable() {
        guard !closed else { return }
        flush()
    }

    // MARK: Writing

    func flush() {
        guard !closed else { return }
        if let transport, !output.isEmpty {
            // One copy of the queued heads and bodies into a single buffer, so they are sealed into as few records
            // as possible (a 12 KiB response is one record, not a head record and a body record); the copy costs
            // far less than the encryption that follows.
            let plaintext = output.takeAll()
            var wire: [UInt8] = []
            let wrapped: Result<Void, TransportError> = plaintext.withUnsafeBytes { raw in
                do throws(TransportError) { try transport.wrap(raw, into: &wire); return .success(()) } catch { return .failure(error) }
            }
            guard case .success = wrapped else {
                close()
                return
            }
            wireOutput.append(wire)
        }
        writeQueued()
    }

    /// With a transport (TLS): output already transformed, waiting for the socket. Unused on plain TCP.
    var wireOutput = OutputQueue()

    private func writeQueued() {
        let result: Socket.IOResult
        if transport == nil {
            result = output.write(to: fd)
        } else {
            result = wireOutput.write(to: fd)
        }
        switch result {
        case .bytes, .closed:
            break
        case .wouldBlock:
            lifecycle.writeBlocked(at: server.now)
            setWriteInterest(true)
            return
        case .failed:
            close()
            return
        }
        // Everything written.
        lifecycle.outputDrained()
        setWriteInterest(false)
        if closeAfterWrite {
            beginLingeringClose()
            return
        }
        // Output was over its cap and reading had stopped: resume now the peer has caught up.
        if !readInterest && !peerClosed && !inFlight {
            setReadInterest(true)
            processInput()
            if !output.isEmpty { flush() }
        }
    }

    var pendingOutputBytes: Int { output.pendingBytes + wireOutput.pendingBytes }

    enum Phase { case reading, writing, waiting }

    /// Waiting: nothing received of a next request and nothing owed — the only phase a drain may close at once.
    var phase: Phase {
        if inFlight || pendingOutputBytes > 0 { return .writing }
        guard case .head = reading else { return .reading }   // a body still arriving
        return parser.hasStarted || !inbound.isEmpty ? .reading : .waiting
    }

    // MARK: Interest and closing

    func setReadInterest(_ on: Bool) {
        guard on != readInterest, !closed else { return }
        readInterest = on
        server.loop.setInterest(fd, readable: on, writable: writeInterest)
    }

    func setWriteInterest(_ on: Bool) {
        guard on != writeInterest, !closed else { return }
        writeInterest = on
        server.loop.setInterest(fd, readable: readInterest, writable: on)
    }

    private func beginLingeringClose() {
        guard !lingering else { return }
        if let transport {
            var notify: [UInt8] = []
            transport.shutdown(into: &notify)
            if !notify.isEmpty {
                notify.withUnsafeBufferPointer { raw in
                    var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress), iov_len: raw.count)
                    _ = withUnsafePointer(to: &vector) { Socket.writev(fd, UnsafeBufferPointer(start: $0, count: 1)) }
                }
            }
        }
        Socket.shutdownWrite(fd)
        if peerClosed {
            close()
            return
        }
        lingering = true
        lingerDeadline = server.now &+ 2_000_000_000
        setReadInterest(true)
    }

    private func discardInput() {
        var scratch = (0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64)
        let result = withUnsafeMutableBytes(of: &scratch) { Socket.receive(fd, into: $0.baseAddress!, count: $0.count) }
        switch result {
        case .bytes, .wouldBlock: return
        case .closed, .failed: close()
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        generation &+= 1
        server.connectionClosed(self)
    }

    /// Called by the loop's tick.
    func checkTimeouts(at now: MonotonicNanos) {
        guard !closed else { return }
        if lingering {
            if now >= lingerDeadline { close() }
            return
        }
        switch lifecycle.action(at: now) {
        case .none: return
        case .close: close()
        case .requestTimeout:
            guard !inFlight, output.isEmpty else { close(); return }
            respondWithError(Problem(status: .requestTimeout,
                                     detail: "The request was not received completely in time."), head: nil)
            flush()
        }
    }
}
