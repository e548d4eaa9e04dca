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
            let what = given.isEmpty ? "No Content-Type was given" : "Content-Type \(given) is not accepted"
            return Problem(status: .unsupportedMediaType, detail: "\(what); send \(accepted).", headers: headers)
        case .malformed(let line, let column, let message):
            return Problem(status: .badRequest, title: "Malformed JSON",
                           detail: "The body is not valid JSON at line \(line), column \(column): \(message).",
                           extensions: [("line", String(line)), ("column", String(column))])
        case .invalid(let issues):
            let details = issues.map { "\($0.pointer.isEmpty ? "/" : $0.pointer): \($0.detail)" }
            return Problem(status: .unprocessableContent, title: "Invalid content",
                           detail: details.joined(separator: "; "),
                           extensions: [("errors", JSONValue.array(issues.map(\.json)).text)])
        }
    }
}
