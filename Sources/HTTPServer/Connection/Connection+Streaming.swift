#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Held streams (`StreamedResponse`): the head is written at once, the body as the application sends it. The
/// machine stays in `.handling` (no read deadline, pipelined requests wait, the drain does not close it as idle),
/// so a held stream is never taken for a stalled request; only the write deadline and the output cap apply.
extension Connection {
    /// The stream this connection is writing, while it lasts.
    struct HeldStream {
        let sink: ResponseStream
        let farewell: [UInt8]
        /// HTTP/1.1: each send is one chunk and the end is the last chunk; HTTP/1.0: the end is the close.
        let chunked: Bool
        let status: Int
        let context: ResponseContext
        var bytes = 0
    }

    static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)
    /// The kernel's send buffer of a held stream, fixed (SO_SNDBUF; Linux doubles it): autotuning would let a client
    /// that stopped reading hold megabytes in the kernel before the output cap sees any of it.
    static let streamSendBuffer: Int32 = 32 * 1024

    /// Queues the head and hands the application its end of the stream.
    func beginStream(_ streamed: StreamedResponse, _ context: ResponseContext) {
        var response = server.finisher.finish(.success(streamed.head), context.finishing)
        for (name, value) in responseHeaders where !response.headers.contains(name) {
            response.headers.add(name, value)
        }
        let chunked = context.version == .http1_1
        server.dates.refresh()
        var headBytes: [UInt8] = []
        // `Connection: close`: the stream is the connection's last response, however it ends.
        ResponseHeadEncoder.encode(response, framing: .init(keepAlive: false, requestVersion: context.version,
                                                            requestID: context.requestID, date: server.dates.httpDate,
                                                            streamed: true, chunked: chunked),
                                   into: &headBytes)
        output.append(headBytes)
        state.outputQueued()
        // For /metrics the request is answered once its head is queued: an open stream is not a request in flight,
        // and its duration would only measure how long the client listened.
        if context.dispatched, requestActive {
            requestActive = false
            server.metrics.activeRequests -= 1
        }
        server.metrics.recordRequest(route: context.routeID, method: context.method, status: response.status.code,
                                     nanoseconds: SystemClock.monotonicNanos() &- context.started)
        // A held stream reads nothing more that matters: its 8 KiB query buffer goes (it regrows if bytes arrive),
        // which is most of what an open stream costs.
        inbound.shrink(to: 0)
        var sendBuffer = Self.streamSendBuffer
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sendBuffer, socklen_t(MemoryLayout<Int32>.size))
        let loop = server.loop
        let sink = ResponseStream { [weak self] command in
            guard let connection = self else { return }
            loop.execute { connection.streamCommand(command) }
        }
        heldStream = HeldStream(sink: sink, farewell: streamed.farewell, chunked: chunked,
                                status: response.status.code, context: context)
        // The drain tells a held response through the connection's one drain hook: the stream ends with its
        // farewell at once instead of holding the drain until its timeout.
        onDrain = { [weak self] in self?.endStreamForDrain() }
        streamed.start(sink)
    }

    /// On the loop: what the application sent.
    func streamCommand(_ command: ResponseStream.Command) {
        guard heldStream != nil, !state.isClosed else { return }
        switch command {
        case .send(let bytes):
            queueStreamBytes(bytes)
            // Back-pressure: a client that stopped reading is dropped, its output never grows without bound.
            if pendingOutputBytes > server.configuration.outputBufferLimit {
                close()
                return
            }
            flush()
        case .finish(let last):
            endStream(with: last)
        }
    }

    /// Ends the stream from the server's side (the application's `finish`, or the drain with the farewell): the last
    /// bytes, the last chunk, then the connection closes once they are written (a lingering close).
    func endStream(with last: [UInt8]) {
        guard let held = heldStream, !state.isClosed else { return }
        queueStreamBytes(last)
        if held.chunked { output.append(Self.lastChunk) }
        streamEnded()
        _ = state.responseQueued(keepAliveRequested: false, at: server.now)
        flush()
    }

    /// The server drains: end the stream with its farewell.
    func endStreamForDrain() {
        guard let held = heldStream else { return }
        endStream(with: held.farewell)
    }

    private func queueStreamBytes(_ bytes: [UInt8]) {
        guard !bytes.isEmpty, var held = heldStream else { return }
        if held.chunked {
            // RFC 9112 §7.1: chunk-size in hex, CRLF, data, CRLF. The data array is shared, not copied.
            output.append(Array((String(bytes.count, radix: 16) + "\r\n").utf8))
            output.append(bytes)
            output.append(ResponseHeadEncoder.crlf)
        } else {
            output.append(bytes)
        }
        held.bytes += bytes.count
        heldStream = held
        state.outputQueued()
    }

    /// The stream is over, whoever ended it: one access-log line for it (its duration is the stream's), and the
    /// application's `onEnd` handlers.
    func streamEnded() {
        guard let held = heldStream.take() else { return }
        let now = SystemClock.monotonicNanos()
        server.dates.refresh()
        let context = held.context
        server.accessLog.record(.init(method: context.method.rawValue, path: context.path,
                                      routeField: server.shared.routeLogField(context.routeID),
                                      query: context.query,
                                      status: held.status, bytes: held.bytes,
                                      durationMicros: (now &- context.started) / 1000,
                                      requestID: context.requestID, peerFields: logFields(client: context.client),
                                      principal: context.principal, tlsField: tlsLogField),
                                dates: server.dates)
        held.sink.ended()
    }
}
