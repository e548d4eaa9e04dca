import COpenSSL
import HTTPServer

/// Moving bytes through the memory BIOs and driving OpenSSL's state machine.
extension TLSSession {
    /// Appends socket bytes to the incoming BIO (a memory BIO accepts everything unless out of memory).
    func feed(_ bytes: UnsafeRawBufferPointer) throws(TransportError) {
        guard let base = bytes.baseAddress else { return }
        OpenSSLErrorQueue.clear()
        guard BIO_write(incoming, base, Int32(bytes.count)) == Int32(bytes.count) else {
            throw fail(with: .unavailable("BIO_write failed: \(OpenSSLErrorQueue.drain())"))
        }
    }

    /// Runs the handshake as far as the buffered input allows, then decrypts every complete record.
    func advance(into plaintext: inout [UInt8]) throws(TransportError) {
        if state == .handshaking {
            OpenSSLErrorQueue.clear()
            let result = SSL_do_handshake(connection)
            guard result == 1 else {
                switch TLSStatus(connection: connection, result: result) {
                case .wantRead, .wantWrite: return  // a partial flight: wait for more bytes
                case let status: throw fail(with: status.transportError)
                }
            }
            state = .established
        }
        guard state == .established else { return }
        // The client's first request often arrives in the same read as its Finished message.
        try readRecords(into: &plaintext)
    }

    /// Decrypts until OpenSSL needs more input. Non-application records (TLS 1.3 KeyUpdate, a refused
    /// TLS 1.2 renegotiation) are handled inside SSL_read; their answers land in the outgoing BIO.
    private func readRecords(into plaintext: inout [UInt8]) throws(TransportError) {
        while true {
            OpenSSLErrorQueue.clear()
            let result = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16_384) { buffer in
                let count = SSL_read(connection, buffer.baseAddress, Int32(buffer.count))
                if count > 0 { plaintext.append(contentsOf: buffer.prefix(Int(count))) }
                return count
            }
            if result > 0 { continue }
            switch TLSStatus(connection: connection, result: result) {
            case .wantRead, .wantWrite:
                return
            case .closedByPeer:
                state = .peerClosed
                OpenSSLErrorQueue.clear()
                throw TransportError.closedByPeer
            case let status:
                throw fail(with: status.transportError)
            }
        }
    }

    /// Moves everything OpenSSL has written (handshake flights, records, alerts) to `output`.
    func drainOutgoing(into output: inout [UInt8]) {
        var data: UnsafeMutablePointer<CChar>?
        let count = agora_BIO_get_mem_data(outgoing, &data)
        guard count > 0, let data else { return }
        output.append(contentsOf: UnsafeRawBufferPointer(start: data, count: count))
        _ = agora_BIO_reset(outgoing)
    }

    /// Remembers a terminal error (later calls report it again) and leaves the thread's queue empty.
    func fail(with error: TransportError) -> TransportError {
        OpenSSLErrorQueue.clear()
        state = .failed(error)
        return error
    }
}
