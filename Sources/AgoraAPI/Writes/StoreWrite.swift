import AgoraDomain
import AgoraStore
import HTTPServer

/// One write as a route describes it to `StoreSubmission`: the command and how each outcome answers. Routes say
/// only what differs; the submission does the rest the same way for all.
struct StoreWrite: Sendable {
    /// `If-Match` (RFC 9110 §13.1.1) on a write to an existing resource: the header's value (nil when absent) and
    /// the resource whose current ETag it must match.
    struct Precondition: Sendable {
        let resource: ReadResource
        let ifMatch: String?

        /// The request's `If-Match`, if any, against `resource`. Even without the header the write is made one at
        /// a time with the conditional writes to the same entity (`PendingWrites`).
        static func ifMatch(of request: Request, on resource: ReadResource) -> Precondition {
            Precondition(resource: resource, ifMatch: request.headers["If-Match"])
        }
    }

    /// What a refusal of the store answers: its problem, another answer (a registration's concurrent retry gets
    /// the first one's answer), or a new attempt with the write made again from the state then current.
    enum Refusal: Sendable {
        case fail(any Error)
        case answer(Response)
        case retry
    }

    let command: Command
    /// The answer to the accepted command, from its outcome and the state that includes it (on the store's queue).
    let answer: @Sendable (CommandOutcome, AgoraState) throws -> Response
    /// The hook for refusals (`SubmitError`) with the number of the attempt (from 0): by default each refusal
    /// becomes its problem (`APIError`).
    private(set) var refusal: @Sendable (_ error: SubmitError<DomainError>, _ attempt: Int) -> Refusal = { error, _ in
        .fail(APIError(error))
    }

    init(_ command: Command, answer: @escaping @Sendable (CommandOutcome, AgoraState) throws -> Response) {
        self.command = command
        self.answer = answer
    }

    /// The same write with refusals answered by `hook` instead of by their problem.
    func answeringRefusals(_ hook: @escaping @Sendable (_ error: SubmitError<DomainError>, _ attempt: Int) -> Refusal)
        -> StoreWrite {
        var write = self
        write.refusal = hook
        return write
    }
}
