#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client connection, owned by one event loop (Redis's `client`): its query buffer, parser, the body being
/// received, its reply list, and its `ConnectionStateMachine` — the one place that knows the connection's phase,
/// flags and deadlines. This class is the shell that performs the machine's actions on the socket: it reads once
/// per readiness event, answers every complete request in the buffer (pipelining, in order), and writes all queued
/// replies with one writev.
///
/// @unchecked Sendable: every stored property is touched only on `loop`; deferred replies come back through
/// `loop.execute` before they touch anything.
final class Connection: IOHandler, @unchecked Sendable {
    let fd: Int32
    let peer: String
    /// The peer's address without its port: the request's `clientAddress` unless a trusted proxy says otherwise.
    let peerAddress: String
    /// The peer's address when it is one of the trusted proxies (`ServerConfiguration.trustedProxies`); nil
    /// otherwise, and then no request on this connection reads a forwarding header.
    let trustedPeer: IPAddress?
    unowned let server: ServerLoop
    var transport: (any ConnectionTransport)?
    /// The listener's extra response headers (e.g. HSTS on the TLS listener).
    let responseHeaders: HTTPHeaders

    var inbound: ReceiveBuffer
    var parser: RequestParser
    /// The body of the parsed head while the machine's phase is `.readingBody`.
    var partialBody: PartialBody?
    var output = OutputQueue()
    /// With a transport (TLS): output already transformed, waiting for the socket. Unused on plain TCP.
    var wireOutput = OutputQueue()
    var state: ConnectionStateMachine
    /// Set by a response that holds the connection open (a stream): called once, on the owning loop, when the
    /// server's drain begins, so the response can end itself (its connection then closes like any other).
    var onDrain: (() -> Void)?
    /// A request went to a handler and is not answered yet (at most one: pipelining waits while one is in flight).
    /// It counts in the loop's active requests until answered or until the connection closes — then here, on the
    /// loop and while the loop is alive, not when a late deferred answer arrives (perhaps after the server is gone).
    var requestActive = false
    /// The held stream being written (`Connection+Streaming.swift`), or nil.
    var heldStream: HeldStream?
    /// The access log's peer and client members for a request whose client is the peer (no trusted proxy speaks for
    /// it), quoted once per connection.
    let peerLogFields: [UInt8]
    /// The access log's TLS member, once the handshake has named the version (nil until then, and on plain TCP).
    private var tlsLogFieldOnceKnown: [UInt8]?

    init(fd: Int32, peer: String, server: ServerLoop, transport: (any ConnectionTransport)?,
         responseHeaders: HTTPHeaders = HTTPHeaders(), now: MonotonicNanos) {
        self.fd = fd
        self.responseHeaders = responseHeaders
        self.peer = peer
        peerAddress = Request.address(ofPeer: peer)
        peerLogFields = AccessLog.peerFields(peer: peer, client: peerAddress)
        let trusted = server.configuration.trustedProxies
        trustedPeer = trusted.isEmpty ? nil : IPAddress(peerAddress).flatMap { trusted.contains($0) ? $0 : nil }
        self.server = server
        self.transport = transport
        inbound = ReceiveBuffer(capacity: server.configuration.initialReceiveBuffer)
        parser = RequestParser(limits: server.configuration.parserLimits)
        state = ConnectionStateMachine(timeouts: server.configuration.timeouts, openedAt: now,
                                       handshaking: transport?.isHandshaking ?? false)
    }

    /// The access log's peer and client members for a request from `client`.
    func logFields(client: String) -> [UInt8] {
        client == peerAddress ? peerLogFields : AccessLog.peerFields(peer: peer, client: client)
    }

    /// The access log's TLS member: `,"tls":null` on plain TCP and before the handshake names the version.
    var tlsLogField: [UInt8] {
        if let known = tlsLogFieldOnceKnown { return known }
        guard let version = transport?.protocolVersion else { return AccessLog.tlsField(nil) }
        let field = AccessLog.tlsField(version)
        tlsLogFieldOnceKnown = field
        return field
    }

    // MARK: Readiness

    func handleReadable() {
        switch state.phase {
        case .closed: return
        case .lingering: discardInput(); return
        case .handshaking, .idle, .readingHead, .readingBody, .handling: break
        }
        guard inbound.reserve(minimum: 4096, limit: server.configuration.receiveBufferLimit) else {
            perform(state.receiveBufferFull())   // back-pressure until the queued requests are answered
            return
        }
        let result: Socket.IOResult
        if let transport {
            result = receiveThroughTransport(transport)
        } else {
            var outcome = Socket.IOResult.wouldBlock
            _ = inbound.fill { space in
                // Never nil: `reserve` made room.
                outcome = Socket.receive(fd, into: space.baseAddress!, count: space.count)
                if case .bytes(let n) = outcome { return n }
                return 0
            }
            result = outcome
        }
        switch result {
        case .bytes(let count): server.metrics.bytesReceived &+= UInt64(count)
        case .wouldBlock: return
        case .closed:
            // A held stream's client that hangs up is gone: nothing more is owed to it.
            if heldStream != nil { close(); return }
            perform(state.peerClosedInput())
        case .failed:
            close()
            return
        }
        processInput()
        flush()
        perform(state.readHandled())
    }

    func handleWritable() {
        guard !state.isClosed else { return }
        flush()
    }

    /// Called by the loop's tick.
    func checkTimeouts(at now: MonotonicNanos) {
        let action = state.tick(at: now)
        if action != .none, let kind = state.expiredTimeout(at: now) {
            server.metrics.timeouts[kind, default: 0] += 1
            if kind == .handshake { server.metrics.tlsHandshakeFailures[.timeout, default: 0] += 1 }
        }
        perform(action)
    }

    /// Does on the socket what the state machine decided.
    func perform(_ action: ConnectionStateMachine.Action) {
        switch action {
        case .none:
            return
        case .updateInterest:
            applyInterest()
        case .resumeReading:
            applyInterest()
            processInput()
            if !output.isEmpty { flush() }
        case .shutDownOutputAndClose:
            shutDownOutput()
            close()
        case .shutDownOutputAndLinger:
            shutDownOutput()
            applyInterest()
        case .respond408AndClose:
            let language = partialBody?.head.headers["Accept-Language"]
                ?? inbound.withReadable { parser.fieldValue(named: "accept-language", in: $0) }
            respondWithError(Problem(status: .requestTimeout,
                                     detail: "The request was not received completely in time."),
                             head: nil, acceptLanguage: language)
            flush()
        case .close:
            close()
        case .closeWhenQuiet:
            if Socket.hasUnreadInput(fd) {
                handleReadable()   // a request is already here: answer it (Connection: close)
            } else {
                shutDownOutput()
                perform(state.lingerStarted(at: server.now))
            }
        }
    }

    /// The drain proper began (see `ConnectionStateMachine.drainBegan(at:)`): a held response is told first.
    func drainBegan() {
        let hook = onDrain
        onDrain = nil
        hook?()
        guard !state.isClosed else { return }
        perform(state.drainBegan(at: server.now))
    }

    private func applyInterest() {
        guard !state.isClosed else { return }
        server.loop.setInterest(fd, readable: state.readInterest, writable: state.writeInterest)
    }

    // MARK: Writing

    func flush() {
        guard !state.isClosed else { return }
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
        let queued = pendingOutputBytes
        let result = transport == nil ? output.write(to: fd) : wireOutput.write(to: fd)
        server.metrics.bytesSent &+= UInt64(queued - pendingOutputBytes)
        switch result {
        case .bytes, .closed:
            perform(state.writeDrained(at: server.now))
        case .wouldBlock:
            perform(state.writeBlocked(at: server.now))
        case .failed:
            close()
        }
    }

    var pendingOutputBytes: Int { output.pendingBytes + wireOutput.pendingBytes }

    // MARK: Closing

    /// Our last response is written: a TLS close_notify, then FIN (the peer reads to EOF, RFC 9112 §9.6).
    private func shutDownOutput() {
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
    }

    /// Lingering: read and drop whatever the peer still sends, until its EOF.
    private func discardInput() {
        var scratch = (0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64, 0 as UInt64)
        let result = withUnsafeMutableBytes(of: &scratch) { Socket.receive(fd, into: $0.baseAddress!, count: $0.count) }
        switch result {
        case .bytes, .wouldBlock: return
        case .closed, .failed: close()
        }
    }

    func close() {
        guard !state.isClosed else { return }
        if requestActive {
            requestActive = false
            server.metrics.activeRequests -= 1
        }
        state.closed()
        streamEnded()
        server.connectionClosed(self)
    }
}
