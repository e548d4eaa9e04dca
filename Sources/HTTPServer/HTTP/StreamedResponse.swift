/// A response whose body is written as it happens — a held stream (Server-Sent Events) — rather than all at once.
/// The engine writes `head` (status and headers; its body is ignored) framed so the stream's end is visible: chunked
/// on HTTP/1.1 (its end is the last chunk, RFC 9112 §7.1), to the close on HTTP/1.0 (RFC 9112 §6.3). A held stream
/// is not an in-flight request: no request or idle timeout ends it (keeping it alive is the application's job,
/// e.g. with comments), and the connection serves nothing else afterwards.
public struct StreamedResponse: Sendable {
    public var head: Response
    /// What the server writes last when it ends the stream itself (a graceful drain), e.g. an SSE comment.
    public var farewell: [UInt8]
    /// Called once on the connection's loop, right after the head is queued: the application keeps the stream and
    /// writes to it from any thread.
    public var start: @Sendable (ResponseStream) -> Void

    public init(head: Response, farewell: [UInt8] = [], start: @escaping @Sendable (ResponseStream) -> Void) {
        self.head = head
        self.farewell = farewell
        self.start = start
    }
}
