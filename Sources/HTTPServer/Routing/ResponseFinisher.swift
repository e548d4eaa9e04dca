/// The one completion point's decoration of a response (called from `Connection.complete` for immediate and
/// deferred replies alike): a failure becomes a problem (`ErrorMapping`), and a route's answer gets the CORS
/// headers its access policy allows the request's `Origin` (Fetch standard, "CORS protocol"). The request id and
/// the framing headers are added by the head encoder right after.
struct ResponseFinisher: Sendable {
    let cors: CORSPolicy
    let errors: ErrorMapping

    /// What a response needs to be finished, carried from the request to wherever its reply completes.
    struct Context: Sendable {
        var requestID: String
        /// The request's `Origin` header.
        var origin: String?
        /// The answering route's access policy; nil when the answer takes no CORS headers (see `Responder.Routed`).
        var access: RouteAccess?
    }

    func finish(_ result: Result<Response, any Error>, _ context: Context) -> Response {
        var response: Response
        switch result {
        case .success(let value): response = value
        case .failure(let error): response = errors.response(for: error, requestID: context.requestID)
        }
        if let access = context.access {
            cors.decorate(&response, origin: context.origin, access: access)
        }
        return response
    }
}
