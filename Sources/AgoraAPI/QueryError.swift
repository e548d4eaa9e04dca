import AgoraJSON
public import HTTPServer

/// A query parameter the API cannot use: 400 with a detail naming the parameter, the value and what was expected.
public enum QueryError: Error, Hashable, Sendable, ProblemConvertible {
    case invalid(parameter: String, value: String, expected: String)
    /// Two parameters that contradict each other (`from` after `to`).
    case inconsistent(parameters: [String], detail: String)
    /// A parameter the resource does not take (`/partners?limit=2` once meant nothing, silently): refused, so a
    /// typo or a filter the server lacks is not mistaken for an answer to it. `known`: what the resource takes.
    case unknown(parameter: String, known: [String])

    public var problem: Problem {
        switch self {
        case .invalid(let parameter, let value, let expected):
            return Problem(status: .badRequest, title: "Invalid query parameter",
                           detail: "Query parameter \(parameter)=\(value) is not valid: expected \(expected).",
                           extensions: [("parameter", JSONText.quote(parameter))])
        case .inconsistent(let parameters, let detail):
            return Problem(status: .badRequest, title: "Inconsistent query parameters", detail: detail,
                           extensions: [("parameters", JSONValue.array(parameters.map { .string($0) }).text)])
        case .unknown(let parameter, let known):
            let takes = known.isEmpty ? "it takes none" : "it takes " + known.joined(separator: ", ")
            return Problem(status: .badRequest, title: "Unknown query parameter",
                           detail: "Query parameter \(parameter) is not one this resource takes: \(takes).",
                           extensions: [("parameter", JSONText.quote(parameter))])
        }
    }
}
