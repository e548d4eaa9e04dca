/// When a connection must give up on its peer, as a pure state machine (in the style of Hummingbird's connection
/// state machine): the connection reports what happened with the current instant, the loop's tick asks for the action
/// due at an instant. No clock is read here, so every timeout is tested by passing instants instead of sleeping.
///
/// Read-side deadlines are fixed when a phase starts and never pushed back by further bytes, so a client dribbling
/// one byte at a time (slowloris) still hits the header timeout. The write deadline runs from the moment output first
/// blocks until the output queue is empty: a reader slower than the whole write timeout is dropped.
struct ConnectionLifecycle: Equatable {
    enum Phase: Equatable {
        case handshaking        // TLS handshake in progress
        case awaitingRequest    // between requests (or before the first): idle timeout, closed silently
        case readingHead        // first byte of a request seen: header timeout, then 408
        case readingBody        // head parsed, body incomplete: body timeout, then 408
        case handling           // a handler is producing the response: no read deadline
    }

    enum Action: Equatable {
        case none
        /// Answer 408 Request Timeout (RFC 9110 §15.5.9) and close.
        case requestTimeout
        /// Close without a response (idle keep-alive, stalled writes, stalled handshake).
        case close
    }

    private(set) var phase: Phase
    private(set) var readDeadline: MonotonicNanos
    private(set) var writeDeadline: MonotonicNanos = .max
    private let header: UInt64
    private let body: UInt64
    private let idle: UInt64
    private let write: UInt64
    private let handshake: UInt64

    init(timeouts: ConnectionTimeouts, openedAt now: MonotonicNanos, handshaking: Bool = false) {
        header = timeouts.header.nanoseconds
        body = timeouts.body.nanoseconds
        idle = timeouts.idle.nanoseconds
        write = timeouts.write.nanoseconds
        handshake = timeouts.handshake.nanoseconds
        if handshaking {
            phase = .handshaking
            readDeadline = now &+ handshake
        } else {
            // A fresh connection must send its first request within the header timeout, not the (longer) idle one.
            phase = .awaitingRequest
            readDeadline = now &+ header
        }
    }

    mutating func handshakeFinished(at now: MonotonicNanos) {
        guard phase == .handshaking else { return }
        phase = .awaitingRequest
        readDeadline = now &+ header
    }

    /// The first byte of a request arrived. Idempotent while the head is incomplete: the deadline is not reset.
    mutating func requestStarted(at now: MonotonicNanos) {
        guard phase == .awaitingRequest else { return }
        phase = .readingHead
        readDeadline = now &+ header
    }

    mutating func bodyStarted(at now: MonotonicNanos) {
        phase = .readingBody
        readDeadline = now &+ body
    }

    mutating func handlerStarted() {
        phase = .handling
        readDeadline = .max
    }

    mutating func awaitingNextRequest(at now: MonotonicNanos) {
        phase = .awaitingRequest
        readDeadline = now &+ idle
    }

    mutating func writeBlocked(at now: MonotonicNanos) {
        if writeDeadline == .max { writeDeadline = now &+ write }
    }

    mutating func outputDrained() {
        writeDeadline = .max
    }

    func action(at now: MonotonicNanos) -> Action {
        if now >= writeDeadline { return .close }
        guard now >= readDeadline else { return .none }
        switch phase {
        case .readingHead, .readingBody: return .requestTimeout
        case .awaitingRequest, .handshaking, .handling: return .close
        }
    }
}
