import COpenSSL
import HTTPServer

/// One `SSL_CTX` built from a certificate/key pair and the fixed TLS policy; every session made from it
/// shares its certificate, cipher settings and session-ticket keys.
///
/// A reload builds a new context and swaps it in; the old one is freed when the last reference goes,
/// while sessions already made from it keep it alive through OpenSSL's own reference count (`SSL_new`
/// takes one on the `SSL_CTX`).
// @unchecked Sendable: the SSL_CTX is fully configured in init and never modified afterwards; OpenSSL
// documents concurrent SSL_new on an unmodified SSL_CTX as thread-safe (its reference count and the
// ticket-key state are guarded by OpenSSL's own locks).
final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer

    /// Builds the context: policy first, then the certificate chain and key from `configuration`.
    init(configuration: TLSConfiguration) throws(TLSSetupError) {
        OpenSSLErrorQueue.clear()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .policyRejected(detail: OpenSSLErrorQueue.drain())
        }
        do {
            try Self.applyPolicy(to: context)
            try Self.loadCredentials(into: context, configuration: configuration)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        self.context = context
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// A new server-side `SSL` for one connection; fails only when OpenSSL is out of memory.
    func makeConnection() throws(TransportError) -> OpaquePointer {
        OpenSSLErrorQueue.clear()
        guard let connection = SSL_new(context) else {
            throw .unavailable("SSL_new failed: \(OpenSSLErrorQueue.drain())")
        }
        return connection
    }
}
