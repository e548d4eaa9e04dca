/// Turning received bytes into requests and requests into queued responses.
extension Connection {
    /// Answers every complete request in the buffer, in order, until one is deferred, the connection is to close,
    /// or the output passes its cap (back-pressure: a peer that doesn't read makes us stop reading).
    func processInput() {
        while !closed && !inFlight && !closeAfterWrite && !lingering {
            if pendingOutputBytes >= server.configuration.outputBufferLimit {
                setReadInterest(false)
                return
            }
            switch reading {
            case .head:
                guard !inbound.isEmpty else {
                    if !readInterest && !peerClosed { setReadInterest(true) }
                    return
                }
                let step = inbound.withReadable { parser.parse($0) }
                switch step {
                case .needMore:
                    if parser.hasStarted { lifecycle.requestStarted(at: server.now) }
                    if !readInterest && !peerClosed { setReadInterest(true) }
                    return
                case .failed(let error):
                    respondWithError(error.problem, head: nil)
                    return
                case .complete(let head, let headLength):
                    inbound.consume(headLength)
                    parser.reset()
                    beginBody(head)
                }
            case .body(let head, var body, let remaining):
                let take = min(remaining, inbound.readableCount)
                if take > 0 {
                    inbound.withReadable { body.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<take])) }
                    inbound.consume(take)
                }
                if take == remaining {
                    reading = .head
                    dispatch(head, body: body)
                } else {
                    reading = .body(head, body: body, remaining: remaining - take)
                    return
                }
            case .chunked(let head, var body, var decoder):
                reading = .head   // release the body array while decoding so appends don't copy
                let step = inbound.withReadable { decoder.decode($0, into: &body) }
                switch step {
                case .needMore(let consumed):
                    inbound.consume(consumed)
                    reading = .chunked(head, body: body, decoder: decoder)
                    return
                case .done(let consumed):
                    inbound.consume(consumed)
                    dispatch(head, body: body)
                case .failed(let error):
                    respondWithError(error.problem, head: head)
                    return
                }
            }
        }
    }

    private func beginBody(_ head: RequestHead) {
        switch head.framing {
        case .none, .contentLength(0):
            dispatch(head, body: [])
        case .contentLength(let length):
            sendContinueIfExpected(head)
            lifecycle.bodyStarted(at: server.now)
            var body: [UInt8] = []
            body.reserveCapacity(length)
            reading = .body(head, body: body, remaining: length)
        case .chunked:
            sendContinueIfExpected(head)
            lifecycle.bodyStarted(at: server.now)
            reading = .chunked(head, body: [], decoder: ChunkedDecoder(maxBodySize: server.configuration.parserLimits.maxBodySize))
        }
    }

    /// RFC 9110 §10.1.1: a client that sent `Expect: 100-continue` waits for an interim 100 before the body; send it
    /// only while none of the body has arrived (a client that didn't wait needs no invitation).
    private func sendContinueIfExpected(_ head: RequestHead) {
        guard head.expectsContinue, head.version == .http1_1, inbound.isEmpty else { return }
        output.append(ResponseHeadEncoder.continueLine)
        flush()
    }

    private func dispatch(_ head: RequestHead, body: [UInt8]) {
        inFlight = true
        lifecycle.handlerStarted()
        let started = SystemClock.monotonicNanos()
        let requestID = server.requestID(from: head.headers["X-Request-Id"])
        let routed = server.responder.route(Request(head: head, body: body, requestID: requestID, peer: peer))
        let context = ResponseContext(head: head, started: started,
                                      finishing: .init(requestID: requestID, origin: head.headers["Origin"],
                                                       access: routed.access))
        switch routed.outcome {
        case .response(let response):
            complete(.success(response), context)
        case .failure(let error):
            complete(.failure(error), context)
        case .later(let start):
            // The completion may run on any thread: it hops back to this loop, and is dropped if the connection
            // closed meanwhile (a new connection may own the descriptor by then: the generation tells them apart).
            let generation = self.generation
            let loop = server.loop
            start(ResponseCompletion { [self] result in
                loop.execute { [self] in
                    guard !closed, self.generation == generation else { return }
                    complete(result, context)
                    processInput()
                    flush()
                }
            })
        }
    }

    /// What the completion point needs of the request it answers.
    struct ResponseContext {
        var head: RequestHead
        var started: MonotonicNanos
        var finishing: ResponseFinisher.Context
        var requestID: String { finishing.requestID }
    }

    /// The one completion point, for immediate and deferred replies and the engine's own errors alike: maps a
    /// failure to a problem and adds CORS (`ResponseFinisher`), then the listener's headers; encodes the head
    /// (`Date`, framing, `X-Request-Id`) and queues head and body as two chunks of one writev; logs the request.
    func complete(_ result: Result<Response, any Error>, _ context: ResponseContext) {
        inFlight = false
        var response = server.finisher.finish(result, context.finishing)
        for (name, value) in responseHeaders where !response.headers.contains(name) {
            response.headers.add(name, value)
        }
        let keepAlive = context.head.keepAlive && !closeAfterWrite && !server.draining && !peerClosed
        if !keepAlive { closeAfterWrite = true }
        server.dates.refresh()
        var headBytes: [UInt8] = []
        ResponseHeadEncoder.encode(response, framing: .init(keepAlive: keepAlive, requestVersion: context.head.version,
                                                            requestID: context.requestID, date: server.dates.httpDate),
                                   into: &headBytes)
        output.append(headBytes)
        let sendsBody = context.head.method != .head && response.status.allowsBody
        if sendsBody { output.append(response.body) }
        let now = SystemClock.monotonicNanos()
        server.accessLog.record(.init(method: context.head.method.rawValue, path: context.head.target.path,
                                      status: response.status.code, bytes: sendsBody ? response.body.count : 0,
                                      durationMicros: (now &- context.started) / 1000, requestID: context.requestID,
                                      peer: peer), dates: server.dates)
        lifecycle.awaitingNextRequest(at: now)
        if inbound.isEmpty { inbound.shrink(to: server.configuration.initialReceiveBuffer) }
    }

    /// A request that can't be answered normally (parse error, timeout): a problem response, then close — after a
    /// framing error the rest of the byte stream can't be trusted (RFC 9112 §9.3, §6.3).
    func respondWithError(_ problem: Problem, head: RequestHead?) {
        closeAfterWrite = true
        let fallback = RequestHead(method: head?.method ?? .get,
                                   target: head?.target ?? RequestTarget(path: "-", query: nil, segments: [], authority: nil),
                                   version: head?.version ?? .http1_1, headers: head?.headers ?? HTTPHeaders(),
                                   framing: .none, keepAlive: false, expectsContinue: false)
        let requestID = server.requestID(from: head?.headers["X-Request-Id"])
        complete(.success(problem.response),
                 ResponseContext(head: fallback, started: server.now,
                                 finishing: .init(requestID: requestID, origin: nil, access: nil)))
        inbound.consume(inbound.readableCount)
        reading = .head
    }

    /// Bytes from the socket through the transport (TLS): plaintext into the query buffer, handshake replies out.
    /// The ciphertext is read into the loop's shared scratch buffer; the plaintext is one copy into the query buffer.
    func receiveThroughTransport(_ transport: any ConnectionTransport) -> Socket.IOResult {
        let ciphertext = server.transportReadBuffer.space
        // Never nil: the scratch buffer has a fixed, non-zero capacity.
        let result = Socket.receive(fd, into: ciphertext.baseAddress!, count: ciphertext.count)
        guard case .bytes(let n) = result else { return result }
        var plaintext: [UInt8] = []
        var reply: [UInt8] = []
        let wasHandshaking = transport.isHandshaking
        var failure: TransportError?
        do throws(TransportError) {
            try transport.unwrap(UnsafeRawBufferPointer(rebasing: ciphertext[..<n]), into: &plaintext, reply: &reply)
        } catch {
            failure = error
        }
        if let failure {
            // Alerts the transport produced still go out before we give up.
            if !reply.isEmpty { wireOutput.append(reply); flush() }
            return failure == .closedByPeer ? .closed : .failed(SocketError("tls", errno: 0))
        }
        if wasHandshaking && !transport.isHandshaking { lifecycle.handshakeFinished(at: server.now) }
        // Queued before anything this read's requests produce: TLS 1.3 tickets precede the responses' records.
        if !reply.isEmpty { wireOutput.append(reply) }
        if !plaintext.isEmpty {
            plaintext.withUnsafeBytes { inbound.append($0) }
        }
        return .bytes(n)
    }
}
