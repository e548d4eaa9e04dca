import HTTPServer

/// The headers every HTML answer carries (issue 14): the page is the one place a browser runs our markup, so it gets
/// a strict policy. Script only from our own files (`script-src 'self'`: no inline script, no `eval`; the JSON-LD
/// data block is not script, CSP3 §4.2.4), styles likewise, no plugins, no `<base>`; `connect-src 'self'` for the
/// API's fetches and the change stream. `frame-ancestors` (CSP3 §7.7.3, which supersedes `X-Frame-Options`) is
/// what a city that embeds the page sets: `'none'` unless `pageFrameAncestors` names origins.
public struct PageSecurity: Sendable, Equatable {
    /// Source expressions for `frame-ancestors` (`https://www.example.lu`, `'self'`); empty: `'none'`.
    public var frameAncestors: [String]

    public init(frameAncestors: [String] = []) {
        self.frameAncestors = frameAncestors
    }

    /// `Content-Security-Policy` (CSP Level 3).
    public var contentSecurityPolicy: String {
        let ancestors = frameAncestors.isEmpty ? "'none'" : frameAncestors.joined(separator: " ")
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; base-uri 'none'; object-src 'none'; frame-ancestors \(ancestors)"
    }

    /// CSP, `X-Content-Type-Options: nosniff` (Fetch §3.3.9: a script or stylesheet is used only with its declared
    /// type) and `Referrer-Policy: strict-origin-when-cross-origin` (a cancellation page's path never leaves the
    /// origin; its token is in the fragment, which is never sent).
    func headers() -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add("Content-Security-Policy", contentSecurityPolicy)
        headers.add("X-Content-Type-Options", "nosniff")
        headers.add("Referrer-Policy", "strict-origin-when-cross-origin")
        return headers
    }
}
