// What the parser hands the connection once a request head is complete.

/// How the body of a request is delimited (RFC 9112 §6.3).
public enum BodyFraming: Sendable, Equatable {
    /// No Content-Length and no Transfer-Encoding: the request has no body.
    case none
    /// Exactly this many bytes follow the head (may be 0).
    case contentLength(Int)
    /// The body follows in chunks; decode it with `ChunkedDecoder`.
    case chunked
}

/// A parsed, validated request head.
public struct RequestHead: Sendable, Equatable {
    public var method: HTTPMethod
    public var target: RequestTarget
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var framing: BodyFraming
    /// RFC 9112 §9.3: HTTP/1.1 is persistent unless "Connection: close"; HTTP/1.0 only with "keep-alive".
    public var keepAlive: Bool
    /// "Expect: 100-continue" (case-insensitive) on an HTTP/1.1 request; an HTTP/1.0 request's
    /// expectation is ignored, as RFC 9110 §10.1.1 requires.
    public var expectsContinue: Bool

    public init(
        method: HTTPMethod, target: RequestTarget, version: HTTPVersion, headers: HTTPHeaders,
        framing: BodyFraming, keepAlive: Bool, expectsContinue: Bool
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
    }
}
