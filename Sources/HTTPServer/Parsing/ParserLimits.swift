// The size limits the parser enforces, each with the status it answers when exceeded.

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
