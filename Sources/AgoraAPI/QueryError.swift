import AgoraJSON
public import HTTPServer

/// A query parameter the API cannot use: 400 with a detail naming the parameter, the value and what was expected.
public enum QueryError: Error, Hashable, Sendable, ProblemConvertible {
    case invalid(parameter: String, value: String, expected: String)
    /// Two parameters that contradict each other (`from` after `to`).
    case inconsistent(parameters: [String], detail: String)

    public var problem: Problem {
        switch self {
        case .invalid(let parameter, let value, let expected):
            // `expected` is its own key (a fixed phrase, or English that stays English when it holds values).
            return Problem(status: .badRequest, title: "Invalid query parameter",
                           detail: "Query parameter \(parameter)=\(value) is not valid: expected \(ProblemText(key: expected)).",
                           extensions: [("parameter", JSONText.quote(parameter))])
        case .inconsistent(let parameters, let detail):
            return Problem(status: .badRequest, title: "Inconsistent query parameters", detail: ProblemText(key: detail),
                           extensions: [("parameters", JSONValue.array(parameters.map { .string($0) }).text)])
        }
    }
}
