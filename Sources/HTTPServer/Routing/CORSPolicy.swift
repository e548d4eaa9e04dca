/// Cross-origin access (Fetch standard, "CORS protocol"). Public reads default to any origin; restricted routes
/// (admin, personal data) answer only the configured origins — none by default.
public struct CORSPolicy: Sendable, Equatable {
    /// Origins allowed on public routes; "*" means any.
    public var publicOrigins: [String]
    /// Origins allowed on restricted routes; "*" is not honoured here (credentials-bearing requests need an origin).
    public var restrictedOrigins: [String]
    public var allowedHeaders: [String]
    public var exposedHeaders: [String]
    public var maxAgeSeconds: Int

    public init(publicOrigins: [String] = ["*"], restrictedOrigins: [String] = [],
                allowedHeaders: [String] = ["Accept", "Accept-Language", "Authorization", "Content-Type",
                                            "If-Match", "If-None-Match", "If-Modified-Since", "Idempotency-Key",
                                            "X-Request-Id"],
                // What a page on another origin may read (Fetch standard, "CORS-safelisted response-header name"
                // covers none of these): `Idempotent-Replayed` tells a registration page its retry was answered.
                exposedHeaders: [String] = ["ETag", "Link", "Location", "Content-Language", "Retry-After",
                                            "Idempotent-Replayed", "X-Request-Id"],
                maxAgeSeconds: Int = 600) {
        self.publicOrigins = publicOrigins
        self.restrictedOrigins = restrictedOrigins
        self.allowedHeaders = allowedHeaders
        self.exposedHeaders = exposedHeaders
        self.maxAgeSeconds = maxAgeSeconds
    }

    /// The `Access-Control-Allow-Origin` value for `origin` on a route of `access`, or nil when not allowed.
    func allowOrigin(_ origin: String, access: RouteAccess) -> String? {
        switch access {
        case .public:
            if publicOrigins.contains("*") { return "*" }
            return publicOrigins.contains(origin) ? origin : nil
        case .restricted:
            return restrictedOrigins.contains(origin) ? origin : nil
        }
    }

    /// Headers added to an actual (non-preflight) response when the request carried `Origin`.
    func decorate(_ response: inout Response, origin: String?, access: RouteAccess) {
        guard let origin, let allowed = allowOrigin(origin, access: access) else {
            if access == .restricted || !publicOrigins.contains("*") { response.headers.add("Vary", "Origin") }
            return
        }
        response.headers.set("Access-Control-Allow-Origin", allowed)
        if allowed != "*" { response.headers.add("Vary", "Origin") }
        response.headers.set("Access-Control-Expose-Headers", exposedHeaders.joined(separator: ", "))
    }

    /// Answers a preflight `OPTIONS` (with `Origin` and `Access-Control-Request-Method`): 204 with the allowed
    /// methods and headers, or 403 when the origin or method is not allowed.
    func preflight(origin: String, requestedMethod: HTTPMethod, allowed: [HTTPMethod], access: RouteAccess) -> Response {
        guard let allowOrigin = allowOrigin(origin, access: access), allowed.contains(requestedMethod) else {
            return Problem(status: .forbidden, title: "CORS preflight refused",
                           detail: "Origin \(origin) may not use \(requestedMethod.rawValue) on this resource.").response
        }
        var headers = HTTPHeaders()
        headers.add("Access-Control-Allow-Origin", allowOrigin)
        headers.add("Access-Control-Allow-Methods", allowed.map(\.rawValue).joined(separator: ", "))
        headers.add("Access-Control-Allow-Headers", allowedHeaders.joined(separator: ", "))
        headers.add("Access-Control-Max-Age", String(maxAgeSeconds))
        headers.add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers")
        return Response(status: .noContent, headers: headers)
    }
}
