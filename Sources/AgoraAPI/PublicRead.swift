import AgoraDomain
import AgoraExports
import AgoraStore
import HTTPServer

/// The path every public GET takes: cache lookup by (resource, query, language), valid while no command that may
/// change a representation has committed since (`RepresentationCache`), else render + encode +
/// tag + store; then conditional evaluation (304) and the caching headers. One place, so every read behaves alike;
/// writes take the current ETag (and their answer's representation) from here too.
struct PublicRead: Sendable {
    let cache: RepresentationCache
    /// The cache keys repeated requests resolved to (`respond`), so a hit skips negotiation and parsing.
    let resolved: ResolvedReads
    let store: DurableStore<AgoraState>
    let now: @Sendable () -> Instant
    let maxAge: Int
    /// Where the exports link to (`APISettings.publicURL`).
    let links: ExportLinks
    /// The headers of HTML answers (`PageSecurity`: CSP with the configured `frame-ancestors`, …).
    var security = PageSecurity()

    /// A GET of `resource`: its current representation in the request's language choice (`?lang=`; a 400 naming
    /// `lang` when that is neither `auto` nor a language tag), or a 304 when the request's validators match it. A
    /// query parameter the resource does not take is a 400 naming it.
    ///
    /// A resource served in several media types (`RepresentationChoice`) answers in the one `Accept` prefers, with
    /// the bytes and ETag of the resource that serves that type (`/events/{id}` as `text/calendar` is
    /// `/events/{id}/calendar.ics`) and `Vary: Accept`; a 406 when `Accept` allows none.
    func respond(to request: Request, reading requested: ReadResource) throws -> Response {
        // A repeated read: the request as sent names the cache key it resolved to before (`ResolvedReads`), and a
        // valid entry there is the answer, without parsing `Accept`, the query or the language again.
        let requestKey = ReadRequestKey(request)
        if let resolution = resolved.resolution(of: requestKey),
           let cached = cache.entry(resolution.cacheKey, scope: resolution.scope, sequence: store.sequence, now: now()) {
            return Self.answer(cached, request: request, addingVaryAccept: resolution.addsVaryAccept)
        }
        let (resource, varies) = try RepresentationChoice.choose(for: requested, accept: request.headers["Accept"])
        let lang = try Self.requireKnownParameters(request, of: resource)
        let language = try LanguageChoice.of(lang: lang, acceptLanguage: request.headers["Accept-Language"])
        let key = resource.cacheKey(language)
        let entry = try self.entry(resource, in: language, key: key)
        // The default (JSON) entry of a negotiating resource carries `Vary: Accept` already (`makeEntry`); another
        // type's entry is shared with its own route, which does not vary, so it is added here.
        let addsVaryAccept = varies && resource.path != requested.path
        resolved.remember(ReadRequestKey.Resolved(cacheKey: key, scope: resource.cacheScope,
                                                  addsVaryAccept: addsVaryAccept), for: requestKey)
        return Self.answer(entry, request: request, addingVaryAccept: addsVaryAccept)
    }

    /// The answer a GET with `request`'s validators gets from `entry`: its 200 or its 304, with `Vary: Accept` when
    /// the entry is another type's.
    private static func answer(_ entry: RepresentationCache.Entry, request: Request,
                               addingVaryAccept: Bool) -> Response {
        var response = conditional(entry, request: request)
        if addingVaryAccept { addVary("Accept", to: &response) }
        return response
    }

    /// Adds `field` to `Vary` (one field value, RFC 9110 §12.5.5), keeping what is there.
    static func addVary(_ field: String, to response: inout Response) {
        if let vary = response.headers["Vary"] {
            response.headers.set("Vary", vary + ", " + field)
        } else {
            response.headers.add("Vary", field)
        }
    }

    /// The strong ETag a GET of `resource` without `lang` carries now; nil when it does not exist. For `If-Match`
    /// on writes (RFC 9110 §13.1.1, compared with `Preconditions.ifMatchSatisfied`).
    func currentETag(of resource: ReadResource) -> EntityTag? {
        try? entry(resource, in: .all).etag
    }

    /// Why `header` (an `If-Match` that does not match the current ETag of `resource`) failed: the tag of one of its
    /// language variants (`?lang=`), the tag of the resource next to it (the event for a slot write, the programme
    /// for an event write), or a tag of none of them — then it changed since the client read it.
    func mismatch(of header: String, on resource: ReadResource) -> PreconditionMismatch {
        let matches = { (candidate: ReadResource, language: LanguageChoice) -> Bool in
            guard let tag = try? entry(candidate, in: language).etag else { return false }
            return Preconditions.ifMatchSatisfied(header, current: tag)
        }
        let languages = resource.variantLanguages(in: store.state)
        // A variant's tag is that of `?lang=<language>` (an explicit choice; `?lang=auto` reaches the same bytes and
        // tag through `Accept-Language`).
        let variant = { (language: String) in LanguageChoice(preference: .ranked([language]), negotiated: false) }
        if let language = languages.first(where: { matches(resource, variant($0)) }) {
            // Named by the language it was served in (`?lang=de` of a French-only event is the French variant).
            let served = (try? entry(resource, in: variant(language)))?.response.headers["Content-Language"]
            return .languageVariant(language: served.flatMap { $0.contains(",") ? nil : $0 } ?? language)
        }
        if let neighbour = resource.neighbour,
           matches(neighbour, .all) || languages.contains(where: { matches(neighbour, variant($0)) }) {
            return .otherResource(sentFor: neighbour.path)
        }
        return .changed
    }

    /// The current representation of `resource` in `language`, as a cached response: from the cache while the
    /// store's sequence and the clock allow, else rendered from the current state and cached.
    func entry(_ resource: ReadResource, in language: LanguageChoice) throws -> RepresentationCache.Entry {
        try entry(resource, in: language, key: resource.cacheKey(language))
    }

    /// `entry(_:in:)` with its cache key (`ReadResource.cacheKey`) already built.
    func entry(_ resource: ReadResource, in language: LanguageChoice, key: String) throws -> RepresentationCache.Entry {
        let instant = now()
        // A hit needs only the sequence; the state (and its sequence, read together) only for a render.
        let scope = resource.cacheScope
        if let cached = cache.entry(key, scope: scope, sequence: store.sequence, now: instant) { return cached }
        let (entry, sequence) = try freshEntry(resource, in: language, key: key, at: instant)
        cache.store(entry, for: key, scope: scope, sequence: sequence)
        return entry
    }

    /// What a cache miss costs: the entry rendered, encoded and tagged from the current state (and that state's
    /// sequence), not stored. `agora-bench render-bench` measures exactly this.
    func freshEntry(_ resource: ReadResource, in language: LanguageChoice, key: String,
                    at instant: Instant) throws -> (RepresentationCache.Entry, sequence: UInt64) {
        let (state, sequence) = store.versionedState
        let rendered = try resource.render(state, at: instant, in: language.preference, links: links,
                                           security: security)
        let entry = makeEntry(key: key, rendered, varies: language.negotiated,
                              variesByType: RepresentationChoice.negotiates(resource), now: instant,
                              validUntil: state.nextPhaseChange(after: instant))
        return (entry, sequence)
    }

    /// Refuses a parameter the resource does not take (before the cache: an entity's key ignores its query), and
    /// returns `lang` (its first value) from the same pass, so a `?lang=` read decodes its query once. Most reads
    /// carry no query, and then nothing is decoded.
    static func requireKnownParameters(_ request: Request, of resource: ReadResource) throws(QueryError) -> String? {
        guard request.head.target.query != nil else { return nil }
        let known = resource.queryParameters
        var lang: String?
        for item in request.queryItems {
            guard known.contains(item.name) else { throw .unknown(parameter: item.name, known: known) }
            if lang == nil, item.name == "lang" { lang = item.value }
        }
        return lang
    }

    private func makeEntry(key: String, _ rendered: ReadResource.Rendered, varies: Bool, variesByType: Bool,
                           now: Instant, validUntil: Instant?) -> RepresentationCache.Entry {
        let etag = EntityTag(body: rendered.body, contentLanguage: rendered.contentLanguage)
        let lastModified = cache.lastModified(key, etag: etag, now: now)
        var response = Response(body: rendered.body)
        response.headers.add("Content-Type", rendered.contentType)
        response.headers.add("ETag", etag.description)
        response.headers.add("Last-Modified", lastModified.description)
        response.headers.add("Cache-Control", "public, max-age=\(maxAge)")
        // Only `?lang=auto` reads `Accept-Language`; every other answer is the same whatever it says, and a `Vary`
        // on it would split shared caches by every browser's header for nothing (RFC 9110 §12.5.5).
        if varies { response.headers.add("Vary", "Accept-Language") }
        if variesByType { Self.addVary("Accept", to: &response) }
        if let contentLanguage = rendered.contentLanguage { response.headers.add("Content-Language", contentLanguage) }
        for (name, value) in rendered.headers { response.headers.add(name, value) }
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
