import COpenSSL

/// The client side of TLS for deliveries: TLS 1.2 or later, the peer's certificate verified against the system's
/// trust store (OpenSSL's default paths: /etc/ssl/certs on Debian) or the operator's CA file, and its name
/// checked against the URL's host (RFC 6125 via `SSL_set1_host`; an IP literal against the certificate's IP SANs).
///
/// @unchecked Sendable: the SSL_CTX is configured once in `init` and only read afterwards (OpenSSL allows
/// sharing a configured context between threads); the sessions made from it belong to one delivery each.
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer

    public enum SetupError: Error, CustomStringConvertible {
        case openSSL(String)
        public var description: String { switch self { case .openSSL(let message): message } }
    }

    /// `caFile`: a PEM bundle trusted instead of the system store (a private CA); nil: the system store.
    public init(caFile: String? = nil) throws(SetupError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .openSSL(Self.lastError("SSL_CTX_new")) }
        self.context = context
        guard agora_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw .openSSL(Self.lastError("TLS 1.2 minimum"))
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        let loaded = if let caFile { SSL_CTX_load_verify_locations(context, caFile, nil) }
                     else { SSL_CTX_set_default_verify_paths(context) }
        guard loaded == 1 else { throw .openSSL(Self.lastError("loading trusted certificates from \(caFile ?? "the system store")")) }
    }

    deinit { SSL_CTX_free(context) }

    static func lastError(_ step: String) -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        guard code != 0 else { return step }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return "\(step): \(String(decoding: bytes, as: UTF8.self))"
    }
}
