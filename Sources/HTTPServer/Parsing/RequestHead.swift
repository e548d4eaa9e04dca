// What the parser hands the connection once a request head is complete, and the limits it enforces.

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

/// Size limits; each one, when exceeded, fails the request with the status noted.
public struct ParserLimits: Sendable, Equatable {
    /// Longest request line, without its line end → 414 (RFC 9112 §3: a server should answer 414 for a
    /// target longer than it wishes to parse).
    public var maxRequestLineLength: Int
    /// Bytes after the request line up to and including the blank line → 431 (RFC 6585 §5).
    public var maxHeaderSectionSize: Int
    /// Most header field lines → 431.
    public var maxHeaderCount: Int
    /// Largest body; a Content-Length above it fails at head time, before any body byte is read → 413.
    public var maxBodySize: Int

    public init(
        maxRequestLineLength: Int = 8192, maxHeaderSectionSize: Int = 32768, maxHeaderCount: Int = 100,
        maxBodySize: Int = 1 << 20
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderSectionSize = maxHeaderSectionSize
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
    }
}
