import COpenSSL
public import HTTPServer

/// One TLS connection, server side, over two memory BIOs: the engine hands in bytes read from the socket
/// and writes out whatever comes back, so OpenSSL never touches a file descriptor and never blocks.
///
/// Used on one event loop only (the `ConnectionTransport` contract), so it holds no lock; it is not
/// `Sendable`.
public final class TLSSession: ConnectionTransport {
    /// Where the session is; a failure is remembered so later calls report it again instead of asking
    /// OpenSSL about an `SSL` that is already in an error state.
    enum State: Equatable {
        case handshaking
        case established
        /// The peer sent close_notify; we may still send (RFC 8446 §6.1 closes each direction separately).
        case peerClosed
        /// We sent close_notify; nothing more goes out.
        case closed
        case failed(TransportError)
    }

    /// Input is fed to OpenSSL at most one maximal record (16 KiB + overhead) at a time and output is
    /// encrypted 16 KiB at a time, so the memory BIOs never grow beyond about two records per connection.
    static let inputChunk = 16_384 + 2_048
    static let outputChunk = 16_384

    let connection: OpaquePointer
    /// Ciphertext from the peer, waiting for OpenSSL to read it (owned by `connection`).
    let incoming: OpaquePointer
    /// Ciphertext from OpenSSL, waiting to be handed to the engine (owned by `connection`).
    let outgoing: OpaquePointer
    var state: State = .handshaking

    init(context: TLSContext) throws(TransportError) {
        let connection = try context.makeConnection()
        guard let incoming = BIO_new(BIO_s_mem()) else {
            SSL_free(connection)
            throw .unavailable("BIO_new failed: \(OpenSSLErrorQueue.drain())")
        }
        guard let outgoing = BIO_new(BIO_s_mem()) else {
            BIO_free(incoming)
            SSL_free(connection)
            throw .unavailable("BIO_new failed: \(OpenSSLErrorQueue.drain())")
        }
        // An empty memory BIO reports "retry" (not end of file), which OpenSSL turns into WANT_READ.
        SSL_set_bio(connection, incoming, outgoing)
        SSL_set_accept_state(connection)
        self.connection = connection
        self.incoming = incoming
        self.outgoing = outgoing
    }

    deinit {
        SSL_free(connection)  // frees both BIOs too
    }

    public var isHandshaking: Bool { state == .handshaking }

    /// The negotiated protocol version ("TLSv1.3", "TLSv1.2") once the handshake is done.
    public var protocolVersion: String? {
        state == .handshaking ? nil : String(cString: SSL_get_version(connection))
    }

    /// Feeds socket bytes to OpenSSL and collects what they yield. Throws `.protocolViolation` for bytes
    /// that are not TLS (or a handshake the policy refuses) and `.closedByPeer` on close_notify; in both
    /// cases `plaintext` keeps what was decrypted before, and `reply` holds any alert OpenSSL wants sent
    /// (writing it before closing is courteous but optional). Once thrown, the same error is thrown for
    /// any later input.
    ///
    /// Write `reply` to the socket before the output of any later `wrap`: both continue one record
    /// sequence, and the final handshake call can put TLS 1.3 session tickets in `reply` while the
    /// request that arrived with the client's Finished is already in `plaintext`.
    public func unwrap(
        _ input: UnsafeRawBufferPointer, into plaintext: inout [UInt8], reply: inout [UInt8]
    ) throws(TransportError) {
        defer { drainOutgoing(into: &reply) }
        switch state {
        case .handshaking, .established: break
        case .peerClosed: throw .closedByPeer
        case .closed: return  // we already said goodbye; whatever still arrives is discarded
        case .failed(let error): throw error
        }
        var offset = 0
        repeat {
            let count = min(input.count - offset, Self.inputChunk)
            if count > 0, let base = input.baseAddress {
                try feed(UnsafeRawBufferPointer(start: base + offset, count: count))
                offset += count
            }
            try advance(into: &plaintext)
        } while offset < input.count
    }

    /// Encrypts application bytes into TLS records. Only valid once the handshake is done and before
    /// `shutdown`; otherwise throws `.unavailable` (or the error the session already failed with).
    public func wrap(_ plaintext: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(TransportError) {
        switch state {
        case .established, .peerClosed: break
        case .handshaking: throw .unavailable("TLS handshake not finished")
        case .closed: throw .unavailable("TLS session already shut down")
        case .failed(let error): throw error
        }
        guard let base = plaintext.baseAddress else { return }
        var offset = 0
        while offset < plaintext.count {
            let count = min(plaintext.count - offset, Self.outputChunk)
            OpenSSLErrorQueue.clear()
            let result = SSL_write(connection, base + offset, Int32(count))
            guard result > 0 else {
                throw fail(with: TLSStatus(connection: connection, result: result).transportError)
            }
            offset += Int(result)
            drainOutgoing(into: &output)
        }
    }

    /// Appends close_notify (RFC 8446 §6.1) once the handshake is done; before that, or after a failure,
    /// there is nothing meaningful to send and the connection is simply closed.
    public func shutdown(into output: inout [UInt8]) {
        guard state == .established || state == .peerClosed else { return }
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(connection)  // 0 = sent, peer's close_notify not yet seen: all we need
        OpenSSLErrorQueue.clear()
        state = .closed
        drainOutgoing(into: &output)
    }
}
