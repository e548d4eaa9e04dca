import HTTPServer

/// Why a request is not allowed, as RFC 6750 §3 wants it said: 401 with `WWW-Authenticate: Bearer`
/// (plus `error="invalid_token"` when a token was presented but is not one of ours), 403 for a valid
/// token without the role. No detail ever repeats the token.
enum AuthProblem: Error, Sendable, Equatable, ProblemConvertible {
    case missing
    case invalid
    case insufficientRole(AccessRole)

    static let realm = "agora"

    var problem: Problem {
        var headers = HTTPHeaders()
        switch self {
        case .missing:
            headers.add("WWW-Authenticate", "Bearer realm=\"\(Self.realm)\"")
            return Problem(status: .unauthorized, detail: "This resource needs an Authorization: Bearer token.",
                           headers: headers)
        case .invalid:
            headers.add("WWW-Authenticate", "Bearer realm=\"\(Self.realm)\", error=\"invalid_token\"")
            return Problem(status: .unauthorized, detail: "The bearer token is not valid.", headers: headers)
        case .insufficientRole(let role):
            headers.add("WWW-Authenticate", "Bearer realm=\"\(Self.realm)\", error=\"insufficient_scope\"")
            return Problem(status: .forbidden,
                           detail: "The token is valid but lacks the \(role.rawValue) role this needs.",
                           headers: headers)
        }
    }
}
