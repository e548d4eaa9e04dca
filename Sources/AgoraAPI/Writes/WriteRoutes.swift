import AgoraDomain
import AgoraStore
import HTTPServer

/// What every write route shares: the API (store, clock, ids, current ETags), the tokens, and the
/// registration side's rate limit and replay cache. Built once by `AgoraAPI.registerWrites(in:)`.
struct WriteRoutes: Sendable {
    let api: AgoraAPI
    let tokens: AccessTokens
    let rateLimit: RegistrationRateLimit
    let replay: RegistrationReplay

    var submission: StoreSubmission { StoreSubmission(store: api.store) }

    init(api: AgoraAPI, settings: WriteSettings) {
        self.api = api
        self.tokens = settings.tokens
        let now = api.now
        let clock: @Sendable () -> Double = { Double(now().secondsSince1970) }
        self.rateLimit = RegistrationRateLimit(settings: settings.rateLimit, now: clock)
        self.replay = RegistrationReplay(retention: settings.idempotencyRetentionSeconds, now: clock)
    }

    func register(in router: inout Router) {
        registerEventWrites(in: &router)
        registerSlotWrites(in: &router)
        registerPartnerWrites(in: &router)
        registerRegistrationWrites(in: &router)
        registerRegistrationReads(in: &router)
    }

    /// RFC 9110 §13.1.1: with `If-Match`, write only over the representation the client has seen. A resource
    /// that does not exist is left to answer 404 (§13.2.1: preconditions are evaluated only where the
    /// request would otherwise succeed).
    func checkIfMatch(_ request: Request, path: String) throws(WriteProblem) {
        guard let header = request.headers["If-Match"], let current = api.currentETag(ofPath: path) else { return }
        guard Preconditions.ifMatchSatisfied(header, current: current) else { throw .preconditionFailed(path: path) }
    }

    /// A response carrying a representation from the read side, with the ETag a GET of `path` now has
    /// (so the next `If-Match` can use it) and, for a creation, `Location` (RFC 9110 §10.2.2).
    func answer(_ body: JSONValue, path: String, status: HTTPStatus = .ok) -> Response {
        var response = Response.private_(body.bytes, status: status)
        if let tag = api.currentETag(ofPath: path) { response.headers.set("ETag", tag.description) }
        if status == .created { response.headers.set("Location", path) }
        return response
    }

    func representation(_ state: AgoraState) -> Representation {
        Representation(state: state, now: api.now())
    }

    static func noContent() -> Response {
        var headers = HTTPHeaders()
        headers.add("Cache-Control", "no-store")
        return Response(status: .noContent, headers: headers)
    }
}
