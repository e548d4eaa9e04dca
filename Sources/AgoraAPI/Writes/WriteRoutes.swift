import AgoraDomain
import AgoraStore
import HTTPServer

/// What every write route shares: the API (store, clock, ids, the read path), the tokens, the one submission
/// path to the store, and the registration side's rate limit and replay cache. Built once by
/// `AgoraAPI.register(in:)`.
struct WriteRoutes: Sendable {
    let api: AgoraAPI
    let tokenList: TokenList
    let rateLimit: RegistrationRateLimit
    let replay: RegistrationReplay
    let submission: StoreSubmission

    init(api: AgoraAPI, settings: WriteSettings) {
        self.api = api
        self.tokenList = settings.tokenList
        let now = api.now
        let clock: @Sendable () -> Double = { Double(now().secondsSince1970) }
        self.rateLimit = RegistrationRateLimit(settings: settings.rateLimit, now: clock)
        self.replay = RegistrationReplay(retention: settings.idempotencyRetentionSeconds, now: clock)
        self.submission = StoreSubmission(store: api.store, pending: PendingWrites(), read: api.read, logger: api.logger)
    }

    /// The list as it is now (SIGHUP may have replaced it since the last request).
    var tokens: AccessTokens { tokenList.tokens }

    func register(in router: inout Router) {
        registerEventWrites(in: &router)
        registerSlotWrites(in: &router)
        registerPartnerWrites(in: &router)
        registerRegistrationWrites(in: &router)
        registerRegistrationReads(in: &router)
        registerRegistrationCalendar(in: &router)
    }

    /// The answer to a write that changed `resource`: the representation a GET of it now returns, with that GET's
    /// ETag (so the next `If-Match` can use it) and, for a creation, `Location` (RFC 9110 §10.2.2). `otherwise`:
    /// the body when the resource is gone again (deleted in the same batch); that answer has no ETag.
    func answer(_ resource: ReadResource, status: HTTPStatus = .ok, otherwise fallback: () -> JSONValue) -> Response {
        var response: Response
        if let entry = try? api.read.entry(resource, in: .all) {
            response = Response.noStore(entry.response.body, status: status)
            response.headers.set("ETag", entry.etagText)
        } else {
            response = Response.noStore(fallback().bytes, status: status)
        }
        if status == .created { response.headers.set("Location", resource.path) }
        return response
    }

    /// A representation of `state` now, in every language (what an admin edits).
    func representation(_ state: AgoraState) -> Representation {
        Representation(state: state, now: api.now())
    }

    static func noContent() -> Response {
        var headers = HTTPHeaders()
        headers.add("Cache-Control", "no-store")
        return Response(status: .noContent, headers: headers)
    }
}
