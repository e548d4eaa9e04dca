import AgoraDomain

extension PublicRead {
    /// The strong ETag a GET of `resource` without `lang` would carry in `state` at `instant` (nil when it does not
    /// exist there): the tag the change feed reports for the state after a batch, which may already be older than
    /// the store's — so it is rendered from that state, never taken from the cache.
    static func etag(of resource: ReadResource, in state: AgoraState, at instant: Instant) -> EntityTag? {
        guard let rendered = try? resource.render(state, at: instant, in: LanguageChoice.all.preference) else { return nil }
        return EntityTag(body: rendered.body, contentLanguage: rendered.contentLanguage)
    }
}
