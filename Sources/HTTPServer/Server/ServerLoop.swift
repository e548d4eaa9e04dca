/// One event loop's share of the server: its listeners' registrations, the connections it accepted, its access log
/// buffer and date cache, and the tick that enforces timeouts. Everything here runs on `loop`.
///
/// @unchecked Sendable: all mutable state is touched only on `loop` (HTTPServer reaches it through `loop.execute`).
final class ServerLoop: @unchecked Sendable {
    let loop: any EventLoop
    let shared: ServerShared
    var configuration: ServerConfiguration { shared.configuration }
    var responder: Responder { shared.responder }
    var finisher: ResponseFinisher { shared.finisher }

    var dates = DateCache()
    var accessLog: AccessLog
    /// This loop's counters; only this loop touches them (a scrape copies them through `loop.execute`).
    var metrics: LoopMetrics
    private(set) var connections: [Int32: Connection] = [:]
    private(set) var listeners: [ListenerRegistration] = []
    private var acceptPaused = false
    private(set) var draining = false
    private var onDrained: (@Sendable () -> Void)?
    /// The generated request ids' "<process prefix>-<loop>-", as bytes.
    private let idPrefix: [UInt8]
    private var idCounter: UInt64 = 0
    /// The instant of the current batch of events, read once per batch rather than once per use.
    private(set) var now: MonotonicNanos = SystemClock.monotonicNanos()
    /// Where TLS connections on this loop receive ciphertext before it is decrypted into their own query buffer.
    /// One per loop, not one per read or per connection: the loop runs one connection's read at a time.
    let transportReadBuffer = TransportReadBuffer()

    final class ListenerRegistration: IOHandler {
        let fd: Int32
        let transport: (any TransportFactory)?
        let responseHeaders: HTTPHeaders
        unowned let owner: ServerLoop
        init(_ socket: ListeningSocket, owner: ServerLoop) {
            fd = socket.fd
            transport = socket.transport
            responseHeaders = socket.responseHeaders
            self.owner = owner
        }
        func handleReadable() { owner.acceptConnections(from: self) }
        func handleWritable() {}
    }

    init(loop: any EventLoop, shared: ServerShared, index: Int, idPrefix: String) {
        self.loop = loop
        self.shared = shared
        self.accessLog = AccessLog(writer: shared.log)
        self.metrics = LoopMetrics(routeCount: shared.routePatterns.count, enabled: shared.configuration.recordsMetrics)
        self.idPrefix = Array((idPrefix + "-" + String(index, radix: 16) + "-").utf8)
    }

    /// On the loop: start watching its listening sockets (its own, or shared by every loop) and ticking.
    func start(listening: [ListeningSocket]) {
        for listener in listening {
            let registration = ListenerRegistration(listener, owner: self)
            listeners.append(registration)
            loop.registerListener(listener.fd, handler: registration)
        }
        loop.setTick(interval: configuration.timeouts.tickInterval) { [unowned self] now in tick(now) }
        loop.setBatchEnd { [unowned self] in
            accessLog.flushIfLarge()
            now = SystemClock.monotonicNanos()
        }
    }

    // MARK: Accepting

    func acceptConnections(from listener: ListenerRegistration) {
        now = SystemClock.monotonicNanos()
        // Draining, this empties the accept queue (no new handshake enters it, see `stopAccepting`): every
        // connection in it is accepted, whatever `maxConnections` says, because closing the listener would reset it.
        for _ in 0..<(draining ? Int.max : 64) {
            if !draining && shared.openConnections.load(ordering: .relaxed) >= configuration.maxConnections {
                pauseAccepting()
                return
            }
            switch Socket.accept(listener.fd) {
            case .accepted(let fd):
                shared.openConnections.add(1, ordering: .relaxed)
                Socket.configureAccepted(fd)
                var transport: (any ConnectionTransport)?
                if let factory = listener.transport {
                    do throws(TransportError) {
                        transport = try factory.makeTransport()
                    } catch {
                        metrics.tlsHandshakeFailures[.unavailable, default: 0] += 1
                        shared.openConnections.subtract(1, ordering: .relaxed)
                        Socket.close(fd)
                        continue
                    }
                }
                let connection = Connection(fd: fd, peer: Socket.peerName(fd), server: self, transport: transport,
                                            responseHeaders: listener.responseHeaders, now: now)
                connections[fd] = connection
                loop.register(fd, handler: connection, readable: true, writable: false)
                if draining { connection.drainBegan() }   // fresh: its request, when it comes, is the last
            case .wouldBlock:
                return
            case .retry:
                continue
            case .outOfDescriptors:
                // EMFILE/ENFILE: the pending connection stays in the backlog; try again on the next tick instead of
                // spinning on a listener that stays readable.
                shared.logger.warning("accept paused: out of file descriptors",
                                      metadata: ["open": "\(shared.openConnections.load(ordering: .relaxed))"])
                pauseAccepting()
                return
            case .failed(let error):
                shared.logger.error("accept failed", metadata: ["error": "\(error.description)"])
                return
            }
        }
    }

    private func pauseAccepting() {
        guard !acceptPaused else { return }
        acceptPaused = true
        for listener in listeners { loop.unregister(listener.fd) }
    }

    private func resumeAcceptingIfPossible() {
        guard acceptPaused, !draining,
              shared.openConnections.load(ordering: .relaxed) < configuration.maxConnections else { return }
        acceptPaused = false
        for listener in listeners { loop.registerListener(listener.fd, handler: listener) }
    }

    // MARK: Connections

    func connectionClosed(_ connection: Connection) {
        guard connections.removeValue(forKey: connection.fd) != nil else { return }
        loop.closeDescriptor(connection.fd)
        shared.openConnections.subtract(1, ordering: .relaxed)
        resumeAcceptingIfPossible()
        if draining && connections.isEmpty { finishDrain() }
    }

    /// `X-Request-Id` from the client when it is short printable ASCII (it ends up in logs), otherwise a new one:
    /// a per-process random prefix, the loop, and a counter — unique without a random draw per request.
    func requestID(from header: String?) -> String {
        if let header, !header.isEmpty, header.utf8.count <= 128,
           header.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            return header
        }
        idCounter &+= 1
        // One string built in place, not three concatenated (≈ 800 instructions less per request).
        let counter = idCounter
        let digits = (64 - counter.leadingZeroBitCount + 3) / 4
        return String(unsafeUninitializedCapacity: idPrefix.count + max(digits, 1)) { buffer in
            var written = 0
            for byte in idPrefix { buffer[written] = byte; written += 1 }
            for shift in stride(from: (max(digits, 1) - 1) * 4, through: 0, by: -4) {
                buffer[written] = Self.hexDigits.utf8Start[Int((counter >> UInt64(shift)) & 0xF)]
                written += 1
            }
            return written
        }
    }

    private static let hexDigits: StaticString = "0123456789abcdef"

    private func tick(_ now: MonotonicNanos) {
        self.now = now
        for connection in Array(connections.values) {
            connection.checkTimeouts(at: now)
        }
        resumeAcceptingIfPossible()
        accessLog.flush()
    }

    // MARK: Draining

    /// Stop accepting: every response from now on says `Connection: close`, the listeners are no longer watched, and
    /// the accept queue is emptied — HTTPServer made the listening sockets refuse new handshakes first, so the queue
    /// only holds connections the kernel completed, which would be reset when the listener closes. Once per drain.
    func stopAccepting() {
        guard !draining else { return }
        draining = true
        for connection in connections.values { connection.state.endKeepAlive() }
        if !acceptPaused {
            for listener in listeners { loop.unregister(listener.fd) }
        }
        acceptPaused = true
        for listener in listeners { acceptConnections(from: listener) }
    }

    /// The drain proper: each connection is told (`Connection.drainBegan`): a held response ends itself, a waiting
    /// connection ends once quiet, one mid-request finishes with `Connection: close`.
    func beginDrain(onDrained: @escaping @Sendable () -> Void) {
        stopAccepting()
        self.onDrained = onDrained
        for connection in Array(connections.values) {
            connection.drainBegan()
        }
        if connections.isEmpty { finishDrain() }
    }

    /// Drain timeout: close whatever is left.
    func forceClose() {
        for connection in Array(connections.values) { connection.close() }
    }

    private func finishDrain() {
        accessLog.flush()
        let done = onDrained
        onDrained = nil
        done?()
    }
}
