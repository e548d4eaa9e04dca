import HTTPServer

/// What is wrong with a request body, as a problem detail (RFC 9457).
enum BodyProblem: Error, Sendable, ProblemConvertible {
    case unsupportedMediaType(given: String, accepted: String)
    case malformed(line: Int, column: Int, message: String)
    case invalid([FieldIssue])

    var problem: Problem {
        switch self {
        case .unsupportedMediaType(let given, let accepted):
            var headers = HTTPHeaders()
            // RFC 9110 §15.5.16 suggests telling the client what is accepted (Accept-Patch for PATCH, RFC 5789 §3.1).
            headers.add(accepted == "application/merge-patch+json" ? "Accept-Patch" : "Accept", accepted)
            let detail: ProblemText = given.isEmpty ? "No Content-Type was given; send \(accepted)."
                : "Content-Type \(given) is not accepted; send \(accepted)."
            return Problem(status: .unsupportedMediaType, detail: detail, headers: headers)
        case .malformed(let line, let column, let message):
            // The parser's message is its own key: translated where the catalogue knows it (it has no values).
            return Problem(status: .badRequest, title: "Malformed JSON",
                           detail: "The body is not valid JSON at line \(line), column \(column): \(ProblemText(key: message)).",
                           extensions: [("line", String(line)), ("column", String(column))])
        case .invalid(let issues):
            let details = issues.map { issue -> ProblemText in
                "\(issue.pointer.isEmpty ? "/" : issue.pointer): \(issue.detail)"
            }
            return Problem(status: .unprocessableContent, title: "Invalid content",
                           detail: .joined(details, separator: "; "),
                           localizedExtensions: [("errors", .array(issues.map(\.json)))])
        }
    }
}
