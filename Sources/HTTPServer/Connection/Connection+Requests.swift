/// Turning received bytes into requests and requests into queued responses, through the one completion point.
extension Connection {
    /// The body of a parsed head, while it arrives: its bytes so far and how its end is known.
    struct PartialBody {
        var head: RequestHead
        var bytes: [UInt8]
        var framing: Framing

        enum Framing {
            case remaining(Int)
            case chunked(ChunkedDecoder)
        }
    }

    /// Answers every complete request in the buffer, in order, until one is deferred, the connection is to close,
    /// or the output passes its cap (back-pressure: a peer that doesn't read makes us stop reading).
    func processInput() {
        while true {
            switch state.inputWanted(pendingOutputBytes: pendingOutputBytes, limit: server.configuration.outputBufferLimit) {
            case .wait: return
            case .stopReading: perform(.updateInterest); return
            case .parse: break
            }
            if var body = partialBody.take() {
                // Taken out while bytes are appended, so the array is not copied on write.
                switch receiveBody(&body) {
                case .dispatched: continue
                case .needMore: partialBody = body; return
                case .failed: return
                }
            }
            guard !inbound.isEmpty else {
                perform(state.needMoreInput(headStarted: false, at: server.now))
                return
            }
            switch inbound.withReadable({ parser.parse($0) }) {
            case .needMore:
                perform(state.needMoreInput(headStarted: parser.hasStarted, at: server.now))
                return
            case .failed(let error):
                server.metrics.parseErrors[error, default: 0] += 1
                // The field lines read before the error are valid: the problem is in the language they ask for.
                let language = inbound.withReadable { parser.fieldValue(named: "accept-language", in: $0) }
                respondWithError(error.problem, head: nil, acceptLanguage: language)
                return
            case .complete(let head, let headLength):
                inbound.consume(headLength)
                parser.reset()
                beginBody(head)
            }
        }
    }

    private enum BodyStep { case dispatched, needMore, failed }

    /// Moves buffered bytes into the body; a complete body is dispatched with its head, a malformed chunked body
    /// gets its problem response (the error ends the connection).
    private func receiveBody(_ body: inout PartialBody) -> BodyStep {
        switch body.framing {
        case .remaining(let remaining):
            let take = min(remaining, inbound.readableCount)
            if take > 0 {
                inbound.withReadable { body.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[..<take])) }
                inbound.consume(take)
            }
            guard take == remaining else {
                body.framing = .remaining(remaining - take)
                return .needMore
            }
        case .chunked(var decoder):
            let step = inbound.withReadable { decoder.decode($0, into: &body.bytes) }
            switch step {
            case .needMore(let consumed):
                inbound.consume(consumed)
                body.framing = .chunked(decoder)
                return .needMore
            case .done(let consumed):
                inbound.consume(consumed)
            case .failed(let error):
                server.metrics.parseErrors[error, default: 0] += 1
                respondWithError(error.problem, head: body.head)
                return .failed
            }
        }
        dispatch(body.head, body: body.bytes)
        return .dispatched
    }

    private func beginBody(_ head: RequestHead) {
        switch head.framing {
        case .none, .contentLength(0):
            state.headComplete(bodyFollows: false, at: server.now)
            dispatch(head, body: [])
        case .contentLength(let length):
            sendContinueIfExpected(head)
            state.headComplete(bodyFollows: true, at: server.now)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(length)
            partialBody = PartialBody(head: head, bytes: bytes, framing: .remaining(length))
        case .chunked:
            sendContinueIfExpected(head)
            state.headComplete(bodyFollows: true, at: server.now)
            let decoder = ChunkedDecoder(maxBodySize: server.configuration.parserLimits.maxBodySize)
            partialBody = PartialBody(head: head, bytes: [], framing: .chunked(decoder))
        }
    }

    /// RFC 9110 §10.1.1: a client that sent `Expect: 100-continue` waits for an interim 100 before the body; send it
    /// only while none of the body has arrived (a client that didn't wait needs no invitation).
    private func sendContinueIfExpected(_ head: RequestHead) {
        guard head.expectsContinue, head.version == .http1_1, inbound.isEmpty else { return }
        output.append(ResponseHeadEncoder.continueLine)
        state.outputQueued()
        flush()
    }

    private func dispatch(_ head: RequestHead, body: [UInt8]) {
        state.handlerStarted()
        let started = SystemClock.monotonicNanos()
        let requestID = server.requestID(from: head.headers["X-Request-Id"])
        var client = peerAddress
        var scheme = transport == nil ? "http" : "https"
        if trustedPeer != nil,
           let forwarded = server.configuration.trustedProxies.client(peer: trustedPeer, headers: head.headers,
                                                                       scheme: scheme) {
            client = forwarded.address ?? client
            scheme = forwarded.scheme
        }
        server.metrics.activeRequests += 1
        requestActive = true
        let routed = server.responder.route(Request(head: head, body: body, requestID: requestID, peer: peer,
                                                    clientAddress: client, scheme: scheme))
        let principal = principal(of: head)
        let finishing = ResponseFinisher.Context(requestID: requestID, origin: head.headers["Origin"],
                                                 access: routed.access, acceptLanguage: head.headers["Accept-Language"],
                                                 instance: RequestURL(scheme: scheme, host: head.headers["Host"],
                                                                      path: head.target.path))
        let context = ResponseContext(head, started: started, client: client, principal: principal,
                                      finishing: finishing, routeID: routed.routeID, dispatched: true)
        switch routed.outcome {
        case .response(let response):
            complete(.success(response), context)
        case .failure(let error):
            complete(.failure(error), context)
        case .stream(let streamed):
            beginStream(streamed, context)
        case .later(let start):
            // The completion may run on any thread: it hops back to this loop, and is dropped if the connection
            // closed meanwhile (this object is never reused for another descriptor).
            let loop = server.loop
            start(ResponseCompletion { [self] result in
                loop.execute { [self] in
                    guard !state.isClosed else { return }   // `close()` stopped counting it as active
                    complete(result, context)
                    processInput()
                    flush()
                }
            })
        }
    }

    /// What the completion point needs of the request it answers: a few fields of its head, not the head (copying
    /// a head, its headers and path segments, at each step cost more than a thousand instructions a request).
    struct ResponseContext {
        var method: HTTPMethod
        var version: HTTPVersion
        /// The request asked to keep the connection (RFC 9112 §9.3).
        var keepAliveRequested: Bool
        var path: String
        var query: String?
        /// Whom the request's credentials name, for the access log (`principal(of:)`, read once its handler returned).
        var principal: AccessPrincipal?
        var started: MonotonicNanos
        /// The request's `clientAddress`, for the access log.
        var client: String
        var finishing: ResponseFinisher.Context
        /// The router's id of the matched route (nil: none matched, or an engine error).
        var routeID: Int? = nil
        /// The request went to a handler, so it counts as active until this completion.
        var dispatched = false
        var requestID: String { finishing.requestID }

        init(_ head: RequestHead, started: MonotonicNanos, client: String, principal: AccessPrincipal?,
             finishing: ResponseFinisher.Context, routeID: Int? = nil, dispatched: Bool = false) {
            method = head.method
            version = head.version
            keepAliveRequested = head.keepAlive
            path = head.target.path
            query = head.target.query
            self.principal = principal
            self.started = started
            self.client = client
            self.finishing = finishing
            self.routeID = routeID
            self.dispatched = dispatched
        }
    }

    /// The one completion point, for immediate and deferred replies and the engine's own errors alike: maps a
    /// failure to a problem and adds CORS (`ResponseFinisher`), then the listener's headers; encodes the head
    /// (`Date`, framing, `X-Request-Id`) and queues head and body as two chunks of one writev; logs the request.
    func complete(_ result: Result<Response, any Error>, _ context: ResponseContext) {
        var response = server.finisher.finish(result, context.finishing)
        for (name, value) in responseHeaders where !response.headers.contains(name) {
            response.headers.add(name, value)
        }
        let now = SystemClock.monotonicNanos()
        let keepAlive = state.responseQueued(keepAliveRequested: context.keepAliveRequested, at: now)
        server.dates.refresh()
        var headBytes: [UInt8] = []
        ResponseHeadEncoder.encode(response, framing: .init(keepAlive: keepAlive, requestVersion: context.version,
                                                            requestID: context.requestID, date: server.dates.httpDate),
                                   into: &headBytes)
        output.append(headBytes)
        let sendsBody = context.method != .head && response.status.allowsBody
        if sendsBody { output.append(response.body) }
        let elapsed = now &- context.started
        if context.dispatched, requestActive {
            requestActive = false
            server.metrics.activeRequests -= 1
        }
        server.metrics.recordRequest(route: context.routeID, method: context.method, status: response.status.code,
                                     nanoseconds: elapsed)
        server.accessLog.record(.init(method: context.method.rawValue, path: context.path,
                                      routeField: server.shared.routeLogField(context.routeID),
                                      query: context.query,
                                      status: response.status.code, bytes: sendsBody ? response.body.count : 0,
                                      durationMicros: elapsed / 1000, requestID: context.requestID,
                                      peerFields: logFields(client: context.client),
                                      principal: context.principal, tlsField: tlsLogField),
                                dates: server.dates)
        if inbound.isEmpty { inbound.shrink(to: server.configuration.initialReceiveBuffer) }
    }

    /// The principal the application names for the request's credentials, for the access log: none without an
    /// `Authorization` field (a public read pays one header lookup) or when the log is off.
    func principal(of head: RequestHead) -> AccessPrincipal? {
        guard server.accessLog.isEnabled, let identify = server.responder.router.principal,
              head.headers.contains("Authorization") else { return nil }
        return identify(head.headers)
    }

    /// A request that can't be answered normally (parse error, timeout): a problem response, then close — after a
    /// framing error the rest of the byte stream can't be trusted (RFC 9112 §9.3, §6.3).
    /// `acceptLanguage`: the header of a head that could not be parsed whole (the field lines read before the error;
    /// nil when there were none), for the language of the problem.
    func respondWithError(_ problem: Problem, head: RequestHead?, acceptLanguage: String? = nil) {
        state.requestFailed()
        let fallback = RequestHead(method: head?.method ?? .get,
                                   target: head?.target ?? RequestTarget(path: "-", query: nil, segments: [], authority: nil),
                                   version: head?.version ?? .http1_1, headers: head?.headers ?? HTTPHeaders(),
                                   framing: .none, keepAlive: false, expectsContinue: false)
        let requestID = server.requestID(from: head?.headers["X-Request-Id"])
        complete(.success(problem.response),
                 ResponseContext(fallback, started: server.now, client: peerAddress, principal: principal(of: fallback),
                                 finishing: .init(requestID: requestID, origin: nil, access: nil,
                                                  acceptLanguage: acceptLanguage ?? head?.headers["Accept-Language"])))
        inbound.consume(inbound.readableCount)
        partialBody = nil
    }
}
