public import HTTPServer

extension AccessTokens {
    /// The role and name of the configured token that `headers` present, for the access log; nil for none, a
    /// malformed one or one that is not ours.
    public func principal(in headers: HTTPHeaders) -> AccessPrincipal? {
        guard case .token(let token) = BearerToken.presented(in: headers), let entry = entry(for: token) else { return nil }
        return AccessPrincipal(role: entry.role.rawValue, name: entry.name)
    }

    /// Throws the 401 (no or unknown token) or 403 (a token without `role`) problem unless the request's bearer
    /// token grants `role`: for routes the executable adds (`GET /metrics`), answered like the API's own.
    public func require(_ role: AccessRole, for request: Request) throws {
        try authorize(request, for: role)
    }
}
