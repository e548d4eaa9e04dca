import HTTPServer

/// Why an `If-Match` failed, for the detail of the 412. A tag that is not the current one is usually stale (someone
/// wrote since), but a client that read the resource through another door sends a tag that was never the one to
/// send, and "it changed since you read it" then sends it looking for a change that did not happen (issue #10
/// item 12). The tags a client may hold are all computed here, so the server says which one it got.
///
/// Why variant tags are not accepted instead: RFC 9110 §13.1.1 compares `If-Match` with the current selected
/// representation of the target resource, and a write replaces the stored resource — whose representation is the
/// one without `?lang` (every language). A language variant shows only part of it: the `fr` tag stays the same when
/// someone changes the German title, so honouring it would let a write based on the French view overwrite that
/// German change unseen — the lost update `If-Match` exists to prevent.
enum PreconditionMismatch: Sendable, Equatable {
    /// Not a tag of this resource now: it changed since the client read it (or another write to it is pending).
    case changed
    /// The tag of `GET path?lang=<language>`, a language variant, not of the stored representation.
    case languageVariant(language: String)
    /// The tag of another resource: `sentFor` (slot writes are matched against the programme, not the event).
    case otherResource(sentFor: String)

    func detail(path: String) -> ProblemText {
        switch self {
        case .changed:
            return """
                If-Match does not match the current ETag of \(path): it changed since you read it. \
                GET it again, reapply your change and retry.
                """
        case .languageVariant(let language):
            return """
                If-Match must be the ETag of GET \(path) without ?lang (the stored representation, every language); \
                you sent the ETag of the language variant GET \(path)?lang=\(language). Nothing has changed: \
                GET \(path) without ?lang and send its ETag.
                """
        case .otherResource(let sentFor):
            return """
                If-Match must be the ETag of GET \(path); you sent the ETag of GET \(sentFor). \
                Programme slots are matched against the programme's ETag, events against the event's.
                """
        }
    }
}
