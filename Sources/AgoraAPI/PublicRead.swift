import AgoraDomain
import AgoraStore
import HTTPServer

/// The path every public GET takes: cache lookup by (sequence, resource, query, language), else render + encode +
/// tag + store; then conditional evaluation (304) and the caching headers. One place, so every read behaves alike;
/// writes take the current ETag (and their answer's representation) from here too.
struct PublicRead: Sendable {
    let cache: RepresentationCache
    let store: DurableStore<AgoraState>
    let now: @Sendable () -> Instant
    let maxAge: Int

    /// A GET of `resource`: its current representation in the request's language preference (`?lang=` or
    /// `Accept-Language`; a 400 naming `lang` when that is not a language tag), or a 304 when the request's
    /// validators match it.
    func respond(to request: Request, reading resource: ReadResource) throws -> Response {
        let entry = try self.entry(resource, in: try LanguagePreference.from(request))
        return Self.conditional(entry, request: request)
    }

    /// The strong ETag a GET of `resource` without a language preference carries now; nil when it does not
    /// exist. For `If-Match` on writes (RFC 9110 §13.1.1, compared with `Preconditions.ifMatchSatisfied`).
    func currentETag(of resource: ReadResource) -> EntityTag? {
        try? entry(resource, in: .all).etag
    }

    /// Why `header` (an `If-Match` that does not match the current ETag of `resource`) failed: the tag of one of its
    /// language variants (`?lang=`), the tag of the resource next to it (the event for a slot write, the programme
    /// for an event write), or a tag of none of them — then it changed since the client read it.
    func mismatch(of header: String, on resource: ReadResource) -> PreconditionMismatch {
        let matches = { (candidate: ReadResource, language: LanguagePreference) -> Bool in
            guard let tag = try? entry(candidate, in: language).etag else { return false }
            return Preconditions.ifMatchSatisfied(header, current: tag)
        }
        let languages = resource.variantLanguages(in: store.state)
        if let language = languages.first(where: { matches(resource, .ranked([$0])) }) {
            // Named by the language it was served in (`?lang=de` of a French-only event is the French variant).
            let served = (try? entry(resource, in: .ranked([language])))?.response.headers["Content-Language"]
            return .languageVariant(language: served.flatMap { $0.contains(",") ? nil : $0 } ?? language)
        }
        if let neighbour = resource.neighbour,
           matches(neighbour, .all) || languages.contains(where: { matches(neighbour, .ranked([$0])) }) {
            return .otherResource(sentFor: neighbour.path)
        }
        return .changed
    }

    /// The current representation of `resource` in `language`, as a cached response: from the cache while the
    /// store's sequence and the clock allow, else rendered from the current state and cached.
    func entry(_ resource: ReadResource, in language: LanguagePreference) throws -> RepresentationCache.Entry {
        let instant = now()
        let key = resource.cacheKey(language)
        // A hit needs only the sequence; the state (and its sequence, read together) only for a render.
        if let cached = cache.entry(key, sequence: store.sequence, now: instant) { return cached }
        let (state, sequence) = store.versionedState
        let rendered = try resource.render(state, at: instant, in: language)
        let entry = makeEntry(key: key, rendered, now: instant, validUntil: state.nextPhaseChange(after: instant))
        cache.store(entry, for: key, sequence: sequence)
        return entry
    }

    private func makeEntry(key: String, _ rendered: ReadResource.Rendered, now: Instant,
                           validUntil: Instant?) -> RepresentationCache.Entry {
        let etag = EntityTag(body: rendered.body, contentLanguage: rendered.contentLanguage)
        let lastModified = cache.lastModified(key, etag: etag, now: now)
        var response = Response.json(rendered.body)
        response.headers.add("ETag", etag.description)
        response.headers.add("Last-Modified", lastModified.description)
        response.headers.add("Cache-Control", "public, max-age=\(maxAge)")
        // Every public representation has localized fields, so every one varies on the header (RFC 9110 §12.5.5).
        response.headers.add("Vary", "Accept-Language")
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
