import COpenSSL

/// A TLS client built directly on OpenSSL over memory BIOs: the other end of the in-memory conversations
/// with `TLSSession`. Options let a test play an old or unusual client.
final class TestTLSClient {
    struct Options {
        var minimumVersion: Int32 = TLS1_2_VERSION
        var maximumVersion: Int32 = TLS1_3_VERSION
        /// TLS 1.2 cipher list; nil keeps OpenSSL's default.
        var tls12Ciphers: String?
        /// ALPN protocols offered, most preferred first; empty sends no ALPN extension.
        var alpn: [String] = ["http/1.1"]
        /// Certificates the client trusts; a handshake fails unless the server's verifies against one.
        var trustedCertificates: [String] = []
        /// A session from an earlier connection, to attempt resumption.
        var resuming: OpaquePointer?
    }

    enum Step: Equatable {
        case done
        case needsInput
        case failed(String)
    }

    private let context: OpaquePointer
    let connection: OpaquePointer
    private let incoming: OpaquePointer
    private let outgoing: OpaquePointer

    init(_ options: Options = Options()) {
        context = SSL_CTX_new(TLS_client_method())!
        // Debian's openssl.cnf raises the floor to TLS 1.2 / security level 2; an "old client" must
        // be able to go below it, so its limits are set explicitly.
        _ = agora_SSL_CTX_set_min_proto_version(context, options.minimumVersion)
        _ = agora_SSL_CTX_set_max_proto_version(context, options.maximumVersion)
        if let ciphers = options.tls12Ciphers { _ = SSL_CTX_set_cipher_list(context, ciphers) }
        if options.trustedCertificates.isEmpty {
            SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        } else {
            for certificate in options.trustedCertificates {
                _ = SSL_CTX_load_verify_locations(context, certificate, nil)
            }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
        connection = SSL_new(context)!
        incoming = BIO_new(BIO_s_mem())!
        outgoing = BIO_new(BIO_s_mem())!
        SSL_set_bio(connection, incoming, outgoing)
        SSL_set_connect_state(connection)
        if !options.alpn.isEmpty {
            let wire = options.alpn.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
            _ = SSL_set_alpn_protos(connection, wire, UInt32(wire.count))
        }
        if let session = options.resuming { _ = SSL_set_session(connection, session) }
        ERR_clear_error()
    }

    deinit {
        SSL_free(connection)
        SSL_CTX_free(context)
    }

    /// Advances the handshake with whatever input has been given.
    func handshake() -> Step {
        ERR_clear_error()
        let result = SSL_do_handshake(connection)
        if result == 1 { return .done }
        return status(result)
    }

    /// Hands the client bytes the server produced.
    func receive(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        _ = BIO_write(incoming, bytes, Int32(bytes.count))
    }

    /// Takes everything the client has written so far.
    func takeOutput() -> [UInt8] {
        let count = Int(BIO_ctrl_pending(outgoing))
        guard count > 0 else { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        _ = BIO_read(outgoing, &bytes, Int32(count))
        return bytes
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = SSL_write(connection, bytes, Int32(bytes.count))
    }

    /// Decrypts everything received so far; `.done` with the bytes, `.failed` on close_notify or an error.
    func read() -> (bytes: [UInt8], end: Step) {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            ERR_clear_error()
            let count = SSL_read(connection, &buffer, Int32(buffer.count))
            if count > 0 {
                collected += buffer.prefix(Int(count))
                continue
            }
            return (collected, status(count))
        }
    }

    /// Whether the server's close_notify has arrived.
    var receivedCloseNotify: Bool {
        SSL_get_shutdown(connection) & SSL_RECEIVED_SHUTDOWN != 0
    }

    func sendCloseNotify() {
        _ = SSL_shutdown(connection)
    }

    var version: String { String(cString: SSL_get_version(connection)) }
    var cipher: String { String(cString: SSL_CIPHER_get_name(SSL_get_current_cipher(connection))) }
    var verified: Bool { SSL_get_verify_result(connection) == X509_V_OK }
    var resumed: Bool { SSL_session_reused(connection) == 1 }

    /// The negotiated ALPN protocol, nil when the server sent none.
    var alpn: String? {
        var data: UnsafePointer<UInt8>?
        var length: UInt32 = 0
        SSL_get0_alpn_selected(connection, &data, &length)
        guard let data, length > 0 else { return nil }
        return String(decoding: UnsafeBufferPointer(start: data, count: Int(length)), as: UTF8.self)
    }

    /// The subject of the certificate the server presented, e.g. "/CN=localhost".
    var peerSubject: String? {
        guard let certificate = SSL_get1_peer_certificate(connection) else { return nil }
        defer { X509_free(certificate) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard X509_NAME_oneline(X509_get_subject_name(certificate), &buffer, Int32(buffer.count)) != nil
        else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The session to resume from later (caller frees with SSL_SESSION_free).
    func copySession() -> OpaquePointer? { SSL_get1_session(connection) }

    private func status(_ result: Int32) -> Step {
        switch SSL_get_error(connection, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .needsInput
        case SSL_ERROR_ZERO_RETURN: return .failed("close_notify")
        default:
            var messages: [String] = []
            while case let code = ERR_get_error(), code != 0 {
                messages.append(ERR_reason_error_string(code).map { String(cString: $0) } ?? "\(code)")
            }
            return .failed(messages.joined(separator: "; "))
        }
    }
}
