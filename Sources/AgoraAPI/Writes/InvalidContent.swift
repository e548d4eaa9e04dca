import HTTPServer

/// 422 for field issues whose pointers are already into the request the client sent.
struct InvalidContent: Error, Sendable, ProblemConvertible {
    let issues: [FieldIssue]
    var problem: Problem { Problem(invalid: issues) }
}
