import COpenSSL

/// The one TLS policy Agora serves (issue 5): modern protocol versions and AEAD ciphers only, no
/// compression or renegotiation, server cipher order, stateless session tickets, ALPN `http/1.1`.
extension TLSContext {
    /// TLS 1.2 suites: ECDHE for forward secrecy, AEAD (AES-GCM, ChaCha20-Poly1305) only, in the order the
    /// server prefers. TLS 1.3 suites are all AEAD already and keep OpenSSL's default list.
    static let tls12CipherList = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// Key-exchange groups, fastest first.
    static let groupList = "X25519:P-256:P-384"

    static func applyPolicy(to context: OpaquePointer) throws(TLSSetupError) {
        // TLS 1.0/1.1 are deprecated by RFC 8996; SSLv3 by RFC 7568.
        guard agora_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1,
              agora_SSL_CTX_set_max_proto_version(context, TLS1_3_VERSION) == 1
        else { throw .policyRejected(detail: OpenSSLErrorQueue.drain()) }

        guard SSL_CTX_set_cipher_list(context, tls12CipherList) == 1 else {
            throw .policyRejected(detail: "TLS 1.2 cipher list: \(OpenSSLErrorQueue.drain())")
        }
        guard agora_SSL_CTX_set1_groups_list(context, groupList) == 1 else {
            throw .policyRejected(detail: "groups: \(OpenSSLErrorQueue.drain())")
        }

        // No compression (CRIME); no renegotiation (RFC 5746 attacks, and a client-triggered CPU cost; TLS
        // 1.3 has none, RFC 8446 §4.1.2); our cipher order wins over the client's.
        _ = SSL_CTX_set_options(
            context,
            agora_SSL_OP_NO_COMPRESSION() | agora_SSL_OP_NO_RENEGOTIATION()
                | agora_SSL_OP_CIPHER_SERVER_PREFERENCE()
        )
        // Idle connections give back their 16 KiB record buffers; Swift arrays may move between retries.
        _ = agora_SSL_CTX_set_mode(
            context, agora_SSL_MODE_RELEASE_BUFFERS() | agora_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER()
        )
        // Resumption through stateless session tickets (on by default: SSL_OP_NO_TICKET stays clear), so
        // no server-side session cache: that cache is one locked table shared by every event loop.
        _ = agora_SSL_CTX_set_session_cache_mode(context, agora_SSL_SESS_CACHE_OFF())

        // Never let OpenSSL prompt on the terminal for a key passphrase: an encrypted key simply fails.
        SSL_CTX_set_default_passwd_cb(context) { _, _, _, _ in 0 }

        SSL_CTX_set_alpn_select_cb(context, { _, out, outLength, offered, offeredLength, _ in
            TLSContext.selectHTTP11(out: out, outLength: outLength, offered: offered, offeredLength: offeredLength)
        }, nil)
    }

    /// The ALPN wire form of `http/1.1` (RFC 7301 §6).
    static let http11: [UInt8] = Array("http/1.1".utf8)

    /// Picks `http/1.1` from the client's ALPN list (RFC 7301 §3.1: length-prefixed names). When the client
    /// offers only other protocols (e.g. `h2`), answer with no ALPN at all instead of RFC 7301 §3.2's fatal
    /// `no_application_protocol` alert, so such a client can still fall back to HTTP/1.1 on this connection.
    static func selectHTTP11(
        out: UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
        outLength: UnsafeMutablePointer<UInt8>?,
        offered: UnsafePointer<UInt8>?,
        offeredLength: UInt32
    ) -> Int32 {
        guard let out, let outLength, let offered else { return SSL_TLSEXT_ERR_NOACK }
        let list = UnsafeBufferPointer(start: offered, count: Int(offeredLength))
        var index = 0
        while index < list.count {
            let length = Int(list[index])
            let start = index + 1
            guard length > 0, start + length <= list.count else { break }  // malformed list: no ALPN
            if list[start..<(start + length)].elementsEqual(http11) {
                // OpenSSL copies the selection before the ClientHello buffer goes away.
                out.pointee = offered + start
                outLength.pointee = UInt8(length)
                return SSL_TLSEXT_ERR_OK
            }
            index = start + length
        }
        return SSL_TLSEXT_ERR_NOACK
    }
}
