import AgoraJSON

/// A problem detail (RFC 9457) rendered as `application/problem+json`. The one shape every error response takes.
public struct Problem: Error, Sendable {
    public var status: HTTPStatus
    public var title: String
    public var detail: String?
    /// A URI reference identifying the problem type; "about:blank" means "see the status code" (RFC 9457 §4.2.1).
    public var type: String
    /// Extra members (e.g. `errors`), already encoded as JSON values.
    public var extensions: [(name: String, json: String)]
    /// Headers the response must carry (`Allow` for 405, `Retry-After` for 429/503, `WWW-Authenticate` for 401).
    public var headers: HTTPHeaders

    public init(status: HTTPStatus, title: String? = nil, detail: String? = nil, type: String = "about:blank",
                extensions: [(name: String, json: String)] = [], headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.title = title ?? status.reason
        self.detail = detail
        self.type = type
        self.extensions = extensions
        self.headers = headers
    }

    public var response: Response {
        // RFC 9457 §3.1's members in a fixed order, then the extensions (already encoded JSON values).
        var json = JSONWriter()
        json.raw("{")
        json.key("type", first: true)
        json.string(type)
        json.key("title")
        json.string(title)
        json.key("status")
        json.integer(status.code)
        if let detail {
            json.key("detail")
            json.string(detail)
        }
        for (name, value) in extensions {
            json.raw(",")
            json.string(name)
            json.raw(":")
            json.encoded(value.utf8)
        }
        json.raw("}")
        var headers = self.headers
        headers.set("Content-Type", "application/problem+json")
        return Response(status: status, headers: headers, body: json.bytes)
    }
}
