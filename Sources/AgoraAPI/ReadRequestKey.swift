import HTTPServer

/// What a public GET's answer depends on, taken from the request as sent: the raw target and the three headers
/// that choose among representations (`Accept`, RFC 9110 §12.5.1; `Accept-Language`, §12.5.4) or shape nothing
/// else. The route follows from the path, the resource from the route, and the media type, query check and language
/// choice (`RepresentationChoice`, `PublicRead.requireKnownParameters`, `LanguageChoice`) are pure functions of
/// these, so one key always resolves to the same `RepresentationCache` key (`ResolvedReads`): a repeated read
/// skips parsing them again.
struct ReadRequestKey: Hashable, Sendable {
    let path: String
    let query: String?
    let accept: String?
    let acceptLanguage: String?

    init(_ request: Request) {
        path = request.head.target.path
        query = request.head.target.query
        accept = request.headers["Accept"]
        acceptLanguage = request.headers["Accept-Language"]
    }

    /// What a key resolved to the last time it was read in full: the cache key and scope of the representation it
    /// is answered with, and whether `PublicRead.respond` adds `Vary: Accept` to that entry's headers (another
    /// type's entry, shared with its own route).
    struct Resolved: Sendable {
        let cacheKey: String
        let scope: String?
        let addsVaryAccept: Bool
    }
}
