/// The machine's vocabulary: the phases of a connection, the actions it asks of the shell, and the activity
/// `HTTPServer.connectionCounts()` reports (nginx's `stub_status` phases).
extension ConnectionStateMachine {
    enum Phase: Equatable {
        /// TLS handshake in progress: the handshake deadline, then closed silently.
        case handshaking
        /// Between requests (or before the first): nothing of a next request has arrived. Idle deadline (the header
        /// deadline before the first request), then closed silently.
        case idle
        /// The first byte of a request arrived: header deadline, then 408.
        case readingHead
        /// Head parsed, body incomplete: body deadline, then 408.
        case readingBody
        /// A handler is producing the response; pipelined requests behind it wait. No read deadline.
        case handling
        /// Our last response is written and our sending side shut down; input is discarded until EOF or a short
        /// deadline, so unread request bytes don't make the kernel reset the connection and destroy the response
        /// before the client has read it (RFC 9112 §9.6).
        case lingering
        case closed
    }

    /// What the connection does on the socket in answer to an event.
    enum Action: Equatable {
        case none
        /// Register `readInterest`/`writeInterest` with the loop: one of them changed.
        case updateInterest
        /// The peer caught up with output that had stopped reading (back-pressure): update the interest, then parse
        /// what is buffered.
        case resumeReading
        /// Queued output is written and the connection ends: shut down our sending side, then close at once (the
        /// peer already closed its side) or linger (update the interest: reading resumes to discard input).
        case shutDownOutputAndClose
        case shutDownOutputAndLinger
        /// Answer 408 Request Timeout (RFC 9110 §15.5.9) and close once it is written.
        case respond408AndClose
        /// Close without a response.
        case close
        /// A waiting connection is to end (the drain): answer a request already in the socket if there is one
        /// (its response says `Connection: close`), otherwise shut down our sending side and linger
        /// (`lingerStarted`). Never a close under unread bytes, which the kernel would turn into a reset.
        case closeWhenQuiet
    }

    /// Whether the connection may parse buffered input now.
    enum InputDecision: Equatable {
        case parse
        /// Nothing to parse now: a handler is answering (pipelined requests wait, in order), or the connection ends.
        case wait
        /// Output passed its cap: the peer is not reading its responses, so stop reading its requests.
        case stopReading
    }

    /// The timeouts as nanoseconds, compared as plain integers on the hot path.
    struct Deadlines: Equatable {
        var header: UInt64
        var body: UInt64
        var idle: UInt64
        var write: UInt64
        var handshake: UInt64
        /// How long a lingering close waits for the peer's EOF.
        var linger: UInt64 = 2_000_000_000
        /// How long a waiting connection must have been quiet before the drain ends it (see `drainBegan(at:)`).
        var drainGrace: UInt64 = 1_000_000_000

        init(_ timeouts: ConnectionTimeouts) {
            header = timeouts.header.nanoseconds
            body = timeouts.body.nanoseconds
            idle = timeouts.idle.nanoseconds
            write = timeouts.write.nanoseconds
            handshake = timeouts.handshake.nanoseconds
        }
    }

    /// What `connectionCounts()` reports: reading a request, answering one (handler running or output owed), or
    /// waiting idle for the next request.
    enum Activity: Equatable {
        case reading, writing, waiting
    }

    var activity: Activity {
        if phase == .handling || outputPending { return .writing }
        switch phase {
        case .readingHead, .readingBody: return .reading
        case .handshaking, .idle, .lingering, .closed, .handling: return .waiting
        }
    }
}
