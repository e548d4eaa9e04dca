/// The one completion point's decoration of a response (called from `Connection.complete` for immediate and
/// deferred replies alike): a failure becomes a problem (`ErrorMapping`), a problem is rendered in the language the
/// request's `Accept-Language` picks from the application's catalogue (RFC 9110 §12.5.4), with `Content-Language`
/// (§8.5) and `Vary: Accept-Language` (§12.5.5), and a route's answer gets the CORS headers its access policy allows
/// the request's `Origin` (Fetch standard, "CORS protocol"). The request id and the framing headers are added by the
/// head encoder right after. A class for the reason `Responder` is one: reached per request, never copied.
final class ResponseFinisher: Sendable {
    let cors: CORSPolicy
    let errors: ErrorMapping
    let problems: any ProblemCatalogue

    init(cors: CORSPolicy, errors: ErrorMapping, problems: any ProblemCatalogue) {
        self.cors = cors
        self.errors = errors
        self.problems = problems
    }

    /// What a response needs to be finished, carried from the request to wherever its reply completes.
    struct Context: Sendable {
        var requestID: String
        /// The request's `Origin` header.
        var origin: String?
        /// The answering route's access policy; nil when the answer takes no CORS headers (see `Responder.Routed`).
        var access: RouteAccess?
        /// The request's `Accept-Language` header: the language of a problem answer.
        var acceptLanguage: String?
        /// The URL the client asked for (its scheme after trusted proxies): a problem's `instance`; nil when no
        /// request could be read.
        var instance: RequestURL?
    }

    func finish(_ result: Result<Response, any Error>, _ context: Context) -> Response {
        var response: Response
        switch result {
        case .success(let value): response = value
        case .failure(let error): response = errors.response(for: error, requestID: context.requestID)
        }
        if let source = response.problem {
            var problem = source.problem
            if problem.instance == nil, let instance = context.instance { problem.instance = instance.text }
            localize(&response, problem, acceptLanguage: context.acceptLanguage)
        }
        if let access = context.access {
            cors.decorate(&response, origin: context.origin, access: access)
        }
        return response
    }

    /// Renders the problem's texts in the language the catalogue picks; a problem with a text the catalogue lacks in
    /// that language stays wholly English, and says so (`Content-Language: en`): never a mixture under a false label.
    private func localize(_ response: inout Response, _ problem: Problem, acceptLanguage: String?) {
        var language = problems.language(forAcceptLanguage: acceptLanguage)
        if language != "en" {
            if let body = problem.body({ problems.template($0, in: language) }) {
                response.body = body
            } else {
                language = "en"
            }
        }
        if language == "en", problem.instance != nil, let body = problem.body({ $0 }) { response.body = body }
        response.headers.set("Content-Language", language)
        response.headers.add("Vary", "Accept-Language")
    }
}
