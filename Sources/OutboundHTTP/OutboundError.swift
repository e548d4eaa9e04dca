/// Why a request got no HTTP answer; a caller retries all but `refused` (a policy decision, not a fault).
public enum OutboundError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host did not resolve (getaddrinfo's message).
    case resolution(String)
    /// Every address the host resolved to is private, loopback or link-local and the host is not allowed to be
    /// (server-side request forgery: a subscriber must not make the server call its own network).
    case refused(String)
    /// No address accepted the connection (errno's text).
    case connection(String)
    /// The deadline passed before a complete answer came.
    case timeout
    /// The peer's answer is no HTTP/1.x response (or it closed before the status line).
    case malformedResponse
    /// A scheme this client cannot speak.
    case unsupportedScheme(String)
    /// The TLS handshake or a record failed; an untrusted or misnamed certificate says so.
    case tls(String)

    public var description: String {
        switch self {
        case .resolution(let message): "cannot resolve: \(message)"
        case .refused(let reason): "refused: \(reason)"
        case .connection(let message): "cannot connect: \(message)"
        case .timeout: "timed out"
        case .malformedResponse: "malformed response"
        case .unsupportedScheme(let scheme): "unsupported scheme \(scheme)"
        case .tls(let message): "TLS: \(message)"
        }
    }
}
