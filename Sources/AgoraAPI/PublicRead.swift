import AgoraDomain
import AgoraStore
import HTTPServer

/// The path every public GET takes: cache lookup by (sequence, path, query, language), else render + encode +
/// tag + store; then conditional evaluation (304) and the caching headers. One place, so every read behaves alike.
struct PublicRead: Sendable {
    let cache: RepresentationCache
    let store: DurableStore<AgoraState>
    let now: @Sendable () -> Instant
    let maxAge: Int

    /// `localized`: the representation has localized fields, so it honours `lang` / `Accept-Language` and varies
    /// on the latter.
    func respond(to request: Request, localized: Bool = true,
                 render: (Representation) throws -> JSONValue) throws -> Response {
        try respond(to: request, localized: localized) { representation in
            (try render(representation), HTTPHeaders())
        }
    }

    /// As above, for representations that come with headers of their own (`Link` for the next page).
    func respond(to request: Request, localized: Bool = true,
                 rendering render: (Representation) throws -> (JSONValue, HTTPHeaders)) throws -> Response {
        let preference: LanguagePreference = localized ? try LanguagePreference.from(request) : .all
        let instant = now()
        let key = "\(request.path)?\(request.head.target.query ?? "")|\(preference.cacheKey)"
        let entry: RepresentationCache.Entry
        // A hit needs only the sequence; the state (and its sequence, read together) only for a render.
        if let cached = cache.entry(key, sequence: store.sequence, now: instant) {
            entry = cached
        } else {
            let (state, sequence) = store.versionedState
            let localizer = Localizer(preference)
            let (value, headers) = try render(Representation(state: state, now: instant, localizer: localizer))
            entry = makeEntry(key: key, body: value.bytes, headers: headers, contentLanguage: localizer.contentLanguage,
                              localized: localized, now: instant, validUntil: state.nextPhaseChange(after: instant))
            cache.store(entry, for: key, sequence: sequence)
        }
        return Self.conditional(entry, request: request)
    }

    private func makeEntry(key: String, body: [UInt8], headers: HTTPHeaders, contentLanguage: String?,
                           localized: Bool, now: Instant, validUntil: Instant?) -> RepresentationCache.Entry {
        let etag = EntityTag(body: body, contentLanguage: contentLanguage)
        let lastModified = cache.lastModified(key, etag: etag, now: now)
        var response = Response.json(body)
        response.headers.add("ETag", etag.description)
        response.headers.add("Last-Modified", lastModified.description)
        response.headers.add("Cache-Control", "public, max-age=\(maxAge)")
        if localized { response.headers.add("Vary", "Accept-Language") }
        if let contentLanguage { response.headers.add("Content-Language", contentLanguage) }
        for (name, value) in headers { response.headers.add(name, value) }
        return RepresentationCache.Entry(response: response, etag: etag, lastModified: lastModified,
                                         validUntil: validUntil)
    }

    /// RFC 9110 §15.4.5: a 304 carries the headers a 200 would (ETag, Cache-Control, Vary, …) and no content.
    static func conditional(_ entry: RepresentationCache.Entry, request: Request) -> Response {
        // Fast path: a client revalidating with the one tag we gave it (what browsers and caches send).
        if let ifNoneMatch = request.headers["If-None-Match"], ifNoneMatch == entry.etagText {
            return entry.notModified
        }
        guard Preconditions.notModified(request, etag: entry.etag, lastModified: entry.lastModified) else {
            return entry.response
        }
        return entry.notModified
    }
}
