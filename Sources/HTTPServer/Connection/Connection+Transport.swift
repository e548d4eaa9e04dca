/// Reading through a `ConnectionTransport` (TLS over memory BIOs): the transport does no I/O, the connection does.
extension Connection {
    /// Bytes from the socket through the transport (TLS): plaintext into the query buffer, handshake replies out.
    /// The ciphertext is read into the loop's shared scratch buffer; the plaintext is one copy into the query buffer.
    func receiveThroughTransport(_ transport: any ConnectionTransport) -> Socket.IOResult {
        let ciphertext = server.transportReadBuffer.space
        // Never nil: the scratch buffer has a fixed, non-zero capacity.
        let result = Socket.receive(fd, into: ciphertext.baseAddress!, count: ciphertext.count)
        guard case .bytes(let n) = result else {
            if result == .closed, transport.isHandshaking {
                server.metrics.tlsHandshakeFailures[.closedByPeer, default: 0] += 1
            }
            return result
        }
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
            if wasHandshaking { server.metrics.tlsHandshakeFailures[TLSFailureReason(failure), default: 0] += 1 }
            // Alerts the transport produced still go out before we give up.
            if !reply.isEmpty { wireOutput.append(reply); state.outputQueued(); flush() }
            return failure == .closedByPeer ? .closed : .failed(SocketError("tls", errno: 0))
        }
        if wasHandshaking && !transport.isHandshaking {
            state.handshakeFinished(at: server.now)
            server.metrics.tlsHandshakes += 1
        }
        // Queued before anything this read's requests produce: TLS 1.3 tickets precede the responses' records.
        if !reply.isEmpty {
            wireOutput.append(reply)
            state.outputQueued()
        }
        if !plaintext.isEmpty {
            plaintext.withUnsafeBytes { inbound.append($0) }
        }
        return .bytes(n)
    }
}
