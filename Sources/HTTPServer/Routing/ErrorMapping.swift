public import AgoraLogging
public import Logging

/// Maps errors thrown by handlers (or passed to `ResponseCompletion.fail`) to responses; applied once, where a
/// response is completed. A `ProblemConvertible` error speaks for itself; anything else is a bug on our side: 500
/// with a generic body (no internals leak), and the error is logged with the request id.
public struct ErrorMapping: Sendable {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    /// An error mapping that logs through `log` under the engine's label.
    public init(log: LogWriter) { self.init(logger: log.logger(label: "agora.http")) }

    public func response(for error: any Error, requestID: String) -> Response {
        if let convertible = error as? any ProblemConvertible {
            return convertible.problem.response
        }
        logger.error("unhandled error", metadata: ["requestId": .string(requestID),
                                                   "error": .string(String(describing: error))])
        return Problem(status: .internalServerError, detail: "The server failed to answer; the request id names it in the log.").response
    }
}
