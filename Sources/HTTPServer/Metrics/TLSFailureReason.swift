/// Why a TLS handshake did not finish (`tls_server_handshake_failures_total{reason}`). A fixed set: OpenSSL's
/// messages are not label values, or every odd client would add a series.
enum TLSFailureReason: String, Sendable, CaseIterable {
    /// The bytes were not TLS, or the handshake broke the policy (protocol version, ciphers).
    case protocolViolation = "protocol_violation"
    /// The peer closed the connection before the handshake finished.
    case closedByPeer = "closed_by_peer"
    /// No session could be set up (no certificate loaded).
    case unavailable
    /// The handshake timeout passed.
    case timeout

    init(_ error: TransportError) {
        switch error {
        case .protocolViolation: self = .protocolViolation
        case .closedByPeer: self = .closedByPeer
        case .unavailable: self = .unavailable
        }
    }
}
