/// Everything a connection knows about where it stands, as one value (in the style of Hummingbird's
/// `HTTPConnectionStateHandler` state machine): the phase of the request it is on, whether it will keep the
/// connection alive, whether the peer has stopped sending, whether output is owed, which readiness it watches, and the
/// deadline that applies. `Connection` reports what happened — with the current instant, read once per batch by the
/// loop: no clock is read here — and performs the `Action` it gets back on the socket. So every rule about timeouts,
/// pipelining, back-pressure, half-close and draining is tested by passing events and instants, without sockets.
///
/// Every event that changes the state is here (Swift's `private(set)` reaches no further than this file); the
/// phases and actions are in `+Actions`, the tick in `+Timeouts`.
struct ConnectionStateMachine: Equatable {
    let timeouts: Deadlines
    private(set) var phase: Phase
    private(set) var readDeadline: MonotonicNanos
    private(set) var writeDeadline: MonotonicNanos = .max
    /// The connection ends once the queued output is written (Connection: close, HTTP/1.0, errors, draining).
    private(set) var closeAfterWrite = false
    /// The peer shut down its sending side (EOF): answer what is complete, then close.
    private(set) var peerClosed = false
    /// Responses (or interim and TLS records) are queued and not yet written.
    private(set) var outputPending = false
    /// The server is draining: the next response says `Connection: close`.
    private(set) var keepAliveEnded = false
    /// The drain proper began: a waiting connection ends once it has been quiet for the drain grace.
    private(set) var draining = false
    /// When the connection last became idle (opened, or a response queued): how long it has been quiet.
    private(set) var idleSince: MonotonicNanos
    /// The readiness registered with the loop.
    private(set) var readInterest = true
    private(set) var writeInterest = false

    init(timeouts: ConnectionTimeouts, openedAt now: MonotonicNanos, handshaking: Bool = false) {
        self.timeouts = Deadlines(timeouts)
        idleSince = now
        if handshaking {
            phase = .handshaking
            readDeadline = now &+ self.timeouts.handshake
        } else {
            // A fresh connection must send its first request within the header timeout, not the (longer) idle one.
            phase = .idle
            readDeadline = now &+ self.timeouts.header
        }
    }

    var isClosed: Bool { phase == .closed }

    // MARK: Reading

    /// Asked before each parse step (pipelining: every complete request in the buffer, in order).
    mutating func inputWanted(pendingOutputBytes: Int, limit: Int) -> InputDecision {
        switch phase {
        case .handling, .lingering, .closed: return .wait
        case .handshaking, .idle, .readingHead, .readingBody: break
        }
        guard !closeAfterWrite else { return .wait }
        if pendingOutputBytes >= limit {
            guard readInterest else { return .wait }
            readInterest = false   // the shell registers it: `.stopReading` implies `.updateInterest`
            return .stopReading
        }
        return .parse
    }

    /// The buffered bytes do not complete the head or body yet. `headStarted`: the parser has seen a byte of a
    /// request line (leading empty lines don't count, RFC 9112 §2.2). The header deadline is fixed by the first
    /// byte and never pushed back by more (a client dribbling one byte at a time still times out: slowloris).
    mutating func needMoreInput(headStarted: Bool, at now: MonotonicNanos) -> Action {
        if headStarted && phase == .idle {
            phase = .readingHead
            readDeadline = now &+ timeouts.header
        }
        guard !readInterest && !peerClosed else { return .none }
        readInterest = true
        return .updateInterest
    }

    /// The head is parsed; with a body to come the body deadline starts now.
    mutating func headComplete(bodyFollows: Bool, at now: MonotonicNanos) {
        guard bodyFollows else { return }
        phase = .readingBody
        readDeadline = now &+ timeouts.body
    }

    /// The request is whole and handed to its handler: no read deadline while it works.
    mutating func handlerStarted() {
        phase = .handling
        readDeadline = .max
    }

    /// A request that cannot be answered normally (parse error, timeout): its problem response is the last; after a
    /// framing error the rest of the byte stream can't be trusted (RFC 9112 §9.3, §6.3).
    mutating func requestFailed() {
        closeAfterWrite = true
    }

    /// The query buffer reached its limit: stop reading until the queued requests are answered.
    mutating func receiveBufferFull() -> Action {
        guard readInterest else { return .none }
        readInterest = false
        return .updateInterest
    }

    /// The peer shut down its sending side (recv returned 0).
    mutating func peerClosedInput() -> Action {
        peerClosed = true
        guard readInterest else { return .none }
        readInterest = false
        return .updateInterest
    }

    /// A readiness event was handled (bytes parsed, answers queued and flushed): a peer that closed its side and
    /// is owed nothing more is done.
    func readHandled() -> Action {
        guard peerClosed, phase != .handling, phase != .closed, !outputPending else { return .none }
        return .close
    }

    mutating func handshakeFinished(at now: MonotonicNanos) {
        guard phase == .handshaking else { return }
        phase = .idle
        readDeadline = now &+ timeouts.header
    }

    mutating func closed() {
        phase = .closed
        readDeadline = .max
        writeDeadline = .max
    }

    // MARK: Responses and writes: keep-alive, close-after-write, back-pressure, the write deadline

    /// A response head and body were queued. Returns whether the connection stays open after it (the head's
    /// `Connection` header says so): not when the request or the server's draining ends it, an earlier answer
    /// already did, or the peer has stopped sending. The idle deadline starts now (RFC 9112 §9.3: the next request
    /// may follow at once).
    mutating func responseQueued(keepAliveRequested: Bool, at now: MonotonicNanos) -> Bool {
        let keepAlive = keepAliveRequested && !closeAfterWrite && !keepAliveEnded && !peerClosed
        if !keepAlive { closeAfterWrite = true }
        phase = .idle
        readDeadline = now &+ timeouts.idle
        idleSince = now
        outputPending = true
        return keepAlive
    }

    /// Bytes that are not a response were queued (an interim 100, TLS handshake records or alerts).
    mutating func outputQueued() {
        outputPending = true
    }

    /// The socket took less than was queued: watch for writability. The write deadline runs from the first block
    /// until the output is written (a reader slower than the whole write timeout is dropped).
    mutating func writeBlocked(at now: MonotonicNanos) -> Action {
        if writeDeadline == .max { writeDeadline = now &+ timeouts.write }
        guard !writeInterest else { return .none }
        writeInterest = true
        return .updateInterest
    }

    /// Everything queued is written.
    mutating func writeDrained(at now: MonotonicNanos) -> Action {
        writeDeadline = .max
        outputPending = false
        let interestChanged = writeInterest
        writeInterest = false
        if closeAfterWrite && phase != .lingering && phase != .closed {
            if peerClosed { return .shutDownOutputAndClose }
            phase = .lingering
            readDeadline = now &+ timeouts.linger
            readInterest = true
            return .shutDownOutputAndLinger
        }
        // Reading stopped while output was over its cap: resume now the peer has caught up.
        if !readInterest && !peerClosed && phase != .handling && phase != .lingering && phase != .closed {
            readInterest = true
            return .resumeReading
        }
        return interestChanged ? .updateInterest : .none
    }

    // MARK: Graceful shutdown

    /// The server stopped accepting: every response from now on says `Connection: close`.
    mutating func endKeepAlive() {
        keepAliveEnded = true
    }

    /// The drain began. A connection already lingering, or still in its TLS handshake (no request can have
    /// arrived), closes now. One mid-request finishes it, and its response carries `Connection: close`. One waiting
    /// (nothing of a next request received, nothing owed) ends only once it has been quiet for the drain grace: a
    /// keep-alive client under load sends its next request within microseconds of reading a response, and closing
    /// the connection under that request would reset it (the kernel answers unread or late bytes with RST) instead
    /// of answering it; so a request that comes within the grace is answered, with `Connection: close`.
    mutating func drainBegan(at now: MonotonicNanos) -> Action {
        keepAliveEnded = true
        draining = true
        if phase == .lingering || phase == .handshaking { return .close }
        return drainGraceOver(at: now) ? .closeWhenQuiet : .none
    }

    /// Waiting, and quiet for the drain grace.
    func drainGraceOver(at now: MonotonicNanos) -> Bool {
        draining && phase == .idle && activity == .waiting && now >= idleSince &+ timeouts.drainGrace
    }

    /// `.closeWhenQuiet` found nothing unread: our sending side is shut down (FIN); read and drop whatever still
    /// comes until the peer's EOF or the linger deadline (RFC 9112 §9.6), so a request crossing our FIN gets an
    /// end of stream, not a reset.
    mutating func lingerStarted(at now: MonotonicNanos) -> Action {
        closeAfterWrite = true
        phase = .lingering
        readDeadline = now &+ timeouts.linger
        readInterest = true
        return .updateInterest
    }
}
