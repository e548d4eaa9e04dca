/// Turns a request into what its route answers: automatic OPTIONS and CORS preflight, routing (404/405) and the
/// handler. It decorates nothing: CORS headers, the mapping of thrown errors to problems and the request id are
/// applied once, where the response is completed (`ResponseFinisher`, called from `Connection.complete`), for
/// immediate and deferred replies alike.
///
/// A class, though immutable: every request reaches it through the loop's shared state, and as a struct (a router
/// of arrays and dictionaries, a CORS policy, an error mapping) each of those reaches copied it — a dozen retains
/// and releases per request (issue 16's profile: ~2 000 instructions).
final class Responder: Sendable {
    let router: Router
    let cors: CORSPolicy
    let errors: ErrorMapping

    init(router: Router, cors: CORSPolicy, errors: ErrorMapping) {
        self.router = router
        self.cors = cors
        self.errors = errors
    }

    /// What routing made of one request, and the access policy of the route that answered (nil: the answer needs
    /// no CORS decoration — OPTIONS and preflight answers carry their own headers, an unknown path has no policy).
    struct Routed {
        enum Outcome {
            case response(Response)
            /// The handler threw: the completion point maps the error to a problem.
            case failure(any Error)
            case later(@Sendable (ResponseCompletion) -> Void)
            case stream(StreamedResponse)
        }
        var outcome: Outcome
        var access: RouteAccess?
        /// The router's id of the matched route, for the metrics and the access log (nil: none matched).
        var routeID: Int?
    }

    func route(_ request: consuming Request) -> Routed {
        var request = request
        let segments = request.head.target.segments

        if request.method == .options {
            return Routed(outcome: .response(options(request, segments: segments)), access: nil)
        }

        let (match, routeID) = router.resolve(request.method, segments)
        switch match {
        case .notFound:
            return Routed(outcome: .response(Problem(status: .notFound, detail: "No resource at \(request.path).").response),
                          access: nil)
        case .methodNotAllowed(let allowed, let access):
            var headers = HTTPHeaders()
            headers.add("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            let problem = Problem(status: .methodNotAllowed,
                                  detail: "\(request.method.rawValue) is not supported on \(request.path).",
                                  headers: headers)
            return Routed(outcome: .response(problem.response), access: access)
        case .found(let handler, let parameters, let access, _):
            request.pathParameters = parameters
            do {
                switch try handler(request) {
                case .now(let response): return Routed(outcome: .response(response), access: access, routeID: routeID)
                case .later(let start): return Routed(outcome: .later(start), access: access, routeID: routeID)
                case .stream(let streamed): return Routed(outcome: .stream(streamed), access: access, routeID: routeID)
                }
            } catch {
                return Routed(outcome: .failure(error), access: access, routeID: routeID)
            }
        }
    }

    /// Routing and the completion point's decoration in one call, for callers without a connection (the API and
    /// routing tests): the same `ResponseFinisher` the connection applies, so what they see is what a client gets.
    func respond(to request: Request) -> Reply {
        let routed = route(request)
        let finisher = ResponseFinisher(cors: cors, errors: errors, problems: router.problems)
        let context = ResponseFinisher.Context(requestID: request.requestID, origin: request.headers["Origin"],
                                               access: routed.access, acceptLanguage: request.headers["Accept-Language"],
                                               instance: RequestURL(scheme: request.scheme, host: request.headers["Host"],
                                                                    path: request.path))
        switch routed.outcome {
        case .response(let response): return .now(finisher.finish(.success(response), context))
        case .failure(let error): return .now(finisher.finish(.failure(error), context))
        case .later(let start):
            return .later { completion in
                start(ResponseCompletion { result in completion.succeed(finisher.finish(result, context)) })
            }
        case .stream(var streamed):
            streamed.head = finisher.finish(.success(streamed.head), context)
            return .stream(streamed)
        }
    }

    /// RFC 9110 §9.3.7: OPTIONS answers what the resource allows; a CORS preflight gets the CORS answer.
    private func options(_ request: Request, segments: [String]) -> Response {
        if request.path == "*" {
            var headers = HTTPHeaders()
            headers.add("Allow", "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT")
            return Response(status: .noContent, headers: headers)
        }
        guard let allowed = router.allowedMethods(segments) else {
            return Problem(status: .notFound, detail: "No resource at \(request.path).").response
        }
        if let origin = request.headers["Origin"], let requested = request.headers["Access-Control-Request-Method"] {
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
