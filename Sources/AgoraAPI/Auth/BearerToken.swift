import HTTPServer

/// The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1). The scheme is
/// case-insensitive (RFC 9110 §11.1); the token is the b64token grammar, which never contains spaces.
enum BearerToken {
    enum Presented: Equatable {
        case none
        case malformed
        case token(String)
    }

    static func presented(in request: Request) -> Presented {
        guard let value = request.headers["Authorization"] else { return .none }
        let trimmed = value.drop { $0 == " " }
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return .malformed }
        let token = trimmed.dropFirst(7).drop { $0 == " " }
        let end = token.lastIndex { $0 != " " }.map { token.index(after: $0) } ?? token.startIndex
        let text = String(token[..<end])
        guard !text.isEmpty, !text.contains(" ") else { return .malformed }
        return .token(text)
    }
}

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

extension AccessTokens {
    /// The entry of the request's bearer token if it grants `role`; throws the 401/403 problem otherwise.
    @discardableResult
    func authorize(_ request: Request, for role: AccessRole) throws(AuthProblem) -> Entry {
        switch BearerToken.presented(in: request) {
        case .none: throw .missing
        case .malformed: throw .invalid
        case .token(let token):
            guard let entry = entry(for: token) else { throw .invalid }
            guard entry.role.grants(role) else { throw .insufficientRole(role) }
            return entry
        }
    }
}
