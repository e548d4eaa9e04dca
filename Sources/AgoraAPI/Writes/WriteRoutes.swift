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
    let pending = PendingWrites()

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

    /// A write to an existing resource: `If-Match` honoured (RFC 9110 §13.1.1) against the ETag a GET of `path`
    /// has now, atomically with other writes to `resource` (see `PendingWrites`).
    func conditionally(_ request: Request, resource: String, path: String, _ write: () throws -> Reply) throws -> Reply {
        try pending.run(request, resource: resource, path: path, currentETag: { api.currentETag(ofPath: $0) }, write)
    }

    /// A response carrying a representation from the read side, with the ETag a GET of `path` now has
    /// (so the next `If-Match` can use it) and, for a creation, `Location` (RFC 9110 §10.2.2).
    func answer(_ body: JSONValue, path: String, status: HTTPStatus = .ok) -> Response {
        var response = Response.noStore(body.bytes, status: status)
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
