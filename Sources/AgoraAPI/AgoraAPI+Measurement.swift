import AgoraDomain

extension AgoraAPI {
    /// `agora-bench render-bench` (issue 16): one cache miss of `GET /events/{eventId}` in `language` (nil: every
    /// language, as without `lang`) — render, encode, tag and build the entry the cache would keep — without the
    /// cache, so every call pays it. Returns the body's size. Not a route: package-visible for the benchmark only.
    package func measureUncachedEventRead(_ eventId: String, language: String?) throws -> Int {
        let choice = language.map { LanguageChoice(preference: .ranked([$0]), negotiated: false) } ?? .all
        let resource = ReadResource.event(id: eventId)
        let (entry, _) = try read.freshEntry(resource, in: choice, key: resource.cacheKey(choice), at: now())
        return entry.response.body.count
    }
}
