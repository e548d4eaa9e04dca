/// The problem a response was made from, kept beside it (one reference, so a `Response` stays small) for the
/// completion point to render in the request's language.
public final class ProblemSource: Sendable {
    public let problem: Problem

    init(_ problem: Problem) {
        self.problem = problem
    }
}
