import HTTPServer

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
