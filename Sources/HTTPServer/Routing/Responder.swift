/// Turns a request into a reply: automatic OPTIONS and CORS preflight, routing (404/405), the handler, and the
/// mapping of every thrown error to a problem response — the one place where errors become responses.
struct Responder: Sendable {
    let router: Router
    let cors: CORSPolicy
    let errors: ErrorMapping

    func respond(to request: Request) -> Reply {
        var request = request
        let segments = request.head.target.segments
        let origin = request.headers["Origin"]

        if request.method == .options {
            return .now(options(request, segments: segments, origin: origin))
        }

        switch router.match(request.method, segments) {
        case .notFound:
            return .now(Problem(status: .notFound, detail: "No resource at \(request.path).").response)
        case .methodNotAllowed(let allowed, let access):
            var headers = HTTPHeaders()
            headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            var response = Problem(status: .methodNotAllowed,
                                   detail: "\(request.method.rawValue) is not supported on \(request.path).",
                                   headers: headers).response
            cors.decorate(&response, origin: origin, access: access)
            return .now(response)
        case .found(let handler, let parameters, let access, _):
            request.pathParameters = parameters
            let reply: Reply
            do {
                reply = try handler(request)
            } catch {
                reply = .now(errors.response(for: error, request: request))
            }
            switch reply {
            case .now(var response):
                cors.decorate(&response, origin: origin, access: access)
                return .now(response)
            case .later(let start):
                let request = request
                let cors = self.cors
                let errors = self.errors
                return .later { completion in
                    start(ResponseCompletion { result in
                        var response: Response
                        switch result {
                        case .success(let value): response = value
                        case .failure(let error): response = errors.response(for: error, request: request)
                        }
                        cors.decorate(&response, origin: origin, access: access)
                        completion.succeed(response)
                    })
                }
            }
        }
    }

    /// RFC 9110 §9.3.7: OPTIONS answers what the resource allows; a CORS preflight gets the CORS answer.
    private func options(_ request: Request, segments: [String], origin: String?) -> Response {
        if request.path == "*" {
            var headers = HTTPHeaders()
            headers.add("Allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
            return Response(status: .noContent, headers: headers)
        }
        guard let allowed = router.allowedMethods(segments) else {
            return Problem(status: .notFound, detail: "No resource at \(request.path).").response
        }
        if let origin, let requested = request.headers["Access-Control-Request-Method"] {
            let method = HTTPMethod(rawValue: requested)
            var access = RouteAccess.restricted
            if case .found(_, _, let routeAccess, _) = router.match(method, segments) { access = routeAccess }
            return cors.preflight(origin: origin, requestedMethod: method, allowed: allowed, access: access)
        }
        var headers = HTTPHeaders()
        headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
        return Response(status: .noContent, headers: headers)
    }
}

/// Maps errors thrown by handlers to responses. A `ProblemConvertible` error speaks for itself; anything else is a
/// bug on our side: 500 with a generic body (no internals leak), and the error is logged with the request id.
public struct ErrorMapping: Sendable {
    let log: LogSink

    public init(log: LogSink) { self.log = log }

    public func response(for error: any Error, request: Request) -> Response {
        if let convertible = error as? any ProblemConvertible {
            return convertible.problem.response
        }
        log.log(.error, "unhandled error", [("requestId", request.requestID), ("error", String(describing: error))])
        return Problem(status: .internalServerError, detail: "The server failed to answer; the request id names it in the log.").response
    }
}
