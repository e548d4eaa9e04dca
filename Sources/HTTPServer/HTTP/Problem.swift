import AgoraJSON

/// A problem detail (RFC 9457) rendered as `application/problem+json`. The one shape every error response takes.
/// `title` and `detail` are `ProblemText`s (a key and its arguments): the response a problem makes is English, and the
/// completion point renders it again in the language the request's `Accept-Language` picks (`ResponseFinisher`).
public struct Problem: Error, Sendable {
    public var status: HTTPStatus
    public var title: ProblemText
    public var detail: ProblemText?
    /// A URI reference identifying the problem type; "about:blank" means "see the status code" (RFC 9457 §4.2.1).
    public var type: String
    /// The occurrence (RFC 9457 §3.1.5): the URL the client asked for, set by the completion point unless the
    /// problem's maker set one.
    public var instance: String?
    /// Extra members (e.g. `errors`), already encoded as JSON values; localized ones are `localizedExtensions`.
    public var extensions: [(name: String, json: String)]
    /// Extra members whose values hold texts: rendered in the problem's language like `title` and `detail`
    /// (the `errors` of a 422, each with a `detail`). Written after `extensions`.
    public var localizedExtensions: [(name: String, value: LocalizedJSON)]
    /// Headers the response must carry (`Allow` for 405, `Retry-After` for 429/503, `WWW-Authenticate` for 401).
    public var headers: HTTPHeaders

    public init(status: HTTPStatus, title: ProblemText? = nil, detail: ProblemText? = nil, type: String = "about:blank",
                extensions: [(name: String, json: String)] = [],
                localizedExtensions: [(name: String, value: LocalizedJSON)] = [],
                headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        // The reason phrase is the key of the default title (RFC 9457 §3.1.3: "SHOULD NOT change from occurrence to
        // occurrence of the problem, except for localization").
        self.title = title ?? ProblemText(key: status.reason)
        self.detail = detail
        self.type = type
        self.extensions = extensions
        self.localizedExtensions = localizedExtensions
        self.headers = headers
    }

    /// The English response; it remembers the problem, so the completion point can render it in another language.
    public var response: Response {
        var headers = self.headers
        headers.set("Content-Type", "application/problem+json")
        var response = Response(status: status, headers: headers, body: body { $0 } ?? [])
        response.problem = ProblemSource(self)
        return response
    }

    /// The body with every text looked up by `template` (key → template in one language); nil when some text has
    /// no translation (the caller then keeps the English body).
    public func body(_ template: (String) -> String?) -> [UInt8]? {
        guard let title = title.rendered(template) else { return nil }
        var detailText: String?
        if let detail {
            guard let rendered = detail.rendered(template) else { return nil }
            detailText = rendered
        }
        var localized: [(name: String, json: String)] = []
        for (name, value) in localizedExtensions {
            guard let json = value.rendered(template) else { return nil }
            localized.append((name: name, json: json))
        }
        // RFC 9457 §3.1's members in a fixed order, then the extensions (already encoded JSON values).
        var json = JSONWriter()
        json.raw("{")
        json.key("type", first: true)
        json.string(type)
        json.key("title")
        json.string(title)
        json.key("status")
        json.integer(status.code)
        if let detailText {
            json.key("detail")
            json.string(detailText)
        }
        if let instance {
            json.key("instance")
            json.string(instance)
        }
        for (name, value) in extensions + localized {
            json.raw(",")
            json.string(name)
            json.raw(":")
            json.encoded(value.utf8)
        }
        json.raw("}")
        return json.bytes
    }
}
