/// What a handler gives back: a response now, or a promise to complete one later from any thread (e.g. after the
/// store's fsync). The connection stays parked — pipelined requests behind it wait, in order — until it completes.
public enum Reply: Sendable {
    case now(Response)
    case later(@Sendable (ResponseCompletion) -> Void)
    /// A held stream: the head now, the body as it happens (`StreamedResponse`).
    case stream(StreamedResponse)
}

/// Completes a deferred reply exactly once; the response hops back to the connection's own event loop.
public struct ResponseCompletion: Sendable {
    let deliver: @Sendable (Result<Response, any Error>) -> Void

    public init(_ deliver: @escaping @Sendable (Result<Response, any Error>) -> Void) {
        self.deliver = deliver
    }

    public func succeed(_ response: Response) { deliver(.success(response)) }
    public func fail(_ error: any Error) { deliver(.failure(error)) }
}
