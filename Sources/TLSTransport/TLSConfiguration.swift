/// What the TLS listener needs, as plain values (from flags `--tls-cert/--tls-key`, the config file or
/// `AGORA_TLS_*`). The policy itself (versions, ciphers, ALPN) is fixed in code and not configurable.
public struct TLSConfiguration: Sendable, Equatable {
    /// PEM file with the server certificate first, then any intermediates (the chain sent to clients).
    public var certificatePath: String
    /// PEM file with the unencrypted private key matching the certificate.
    public var privateKeyPath: String
    /// How long a connection may take to finish the handshake before it is closed.
    public var handshakeTimeout: Duration
    /// When set, responses over TLS carry a `Strict-Transport-Security` header; nil sends none.
    public var strictTransportSecurity: StrictTransportSecurity?

    public init(
        certificatePath: String,
        privateKeyPath: String,
        handshakeTimeout: Duration = .seconds(10),
        strictTransportSecurity: StrictTransportSecurity? = nil
    ) {
        self.certificatePath = certificatePath
        self.privateKeyPath = privateKeyPath
        self.handshakeTimeout = handshakeTimeout
        self.strictTransportSecurity = strictTransportSecurity
    }
}

/// The HSTS policy announced to browsers (RFC 6797).
public struct StrictTransportSecurity: Sendable, Equatable {
    /// Seconds the browser should remember to use HTTPS only (RFC 6797 §6.1.1 `max-age`).
    public var maxAgeSeconds: Int
    /// Whether the policy covers subdomains too (RFC 6797 §6.1.2 `includeSubDomains`).
    public var includeSubdomains: Bool

    public init(maxAgeSeconds: Int = 31_536_000, includeSubdomains: Bool = false) {
        self.maxAgeSeconds = maxAgeSeconds
        self.includeSubdomains = includeSubdomains
    }

    /// The field value, e.g. `max-age=31536000; includeSubDomains`. Only send it over TLS: RFC 6797 §7.2
    /// says a server must not include it in responses over plain HTTP.
    public var headerValue: String {
        includeSubdomains ? "max-age=\(maxAgeSeconds); includeSubDomains" : "max-age=\(maxAgeSeconds)"
    }
}
