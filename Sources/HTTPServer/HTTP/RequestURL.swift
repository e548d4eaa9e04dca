/// The parts of the URL a client asked for — the scheme it used (after trusted proxies), `Host`, the path — kept
/// apart until a problem needs the text as its `instance` (RFC 9457 §3.1.5), so a request that succeeds builds no
/// string.
public struct RequestURL: Sendable, Equatable {
    public var scheme: String
    public var host: String?
    public var path: String

    public init(scheme: String, host: String?, path: String) {
        self.scheme = scheme
        self.host = host
        self.path = path
    }

    /// `scheme://host/path`; the path alone without a `Host` (an HTTP/1.0 request may have none).
    public var text: String {
        guard let host, !host.isEmpty else { return path }
        return scheme + "://" + host + path
    }
}
