import AgoraJSON
public import HTTPServer

/// A query parameter the API cannot use: 400 with a detail naming the parameter, the value and what was expected.
public enum QueryError: Error, Hashable, Sendable, ProblemConvertible {
    case invalid(parameter: String, value: String, expected: ProblemText)
    /// Two parameters that contradict each other (`from` after `to`).
    case inconsistent(parameters: [String], detail: ProblemText)
    /// A parameter the resource does not take (`/partners?limit=2` once meant nothing, silently): refused, so a
    /// typo or a filter the server lacks is not mistaken for an answer to it. `known`: what the resource takes.
    case unknown(parameter: String, known: [String])

    public var problem: Problem {
        switch self {
        case .invalid(let parameter, let value, let expected):
            // `expected` is a text of its own (a phrase, or a template with its values), rendered inside this one.
            return Problem(status: .badRequest, title: "Invalid query parameter",
                           detail: "Query parameter \(parameter)=\(value) is not valid: expected \(expected).",
                           extensions: [("parameter", JSONText.quote(parameter))])
        case .inconsistent(let parameters, let detail):
            return Problem(status: .badRequest, title: "Inconsistent query parameters", detail: detail,
                           extensions: [("parameters", JSONValue.array(parameters.map { .string($0) }).text)])
        case .unknown(let parameter, let known):
            // Two whole sentences rather than a phrase spliced in, so each is one entry of the problem catalogue.
            let detail: ProblemText = known.isEmpty
                ? "Query parameter \(parameter) is not one this resource takes: it takes none."
                : "Query parameter \(parameter) is not one this resource takes: it takes \(known.joined(separator: ", "))."
            return Problem(status: .badRequest, title: "Unknown query parameter", detail: detail,
                           extensions: [("parameter", JSONText.quote(parameter))])
        }
    }
}
