import HTTPServer

/// A document served as given — the OpenAPI contract at `/openapi.yaml` and `/openapi.json` — whose bytes the
/// executable read once at start, so a request costs no file system call on the event loop; a changed file is served
/// after a restart. Its strong ETag (RFC 9110 §8.8.3) is computed from the bytes once, with the 200 and the 304.
struct StaticDocument: Sendable {
    let route: String
    /// Nil when the document was not given (not configured, or its file could not be read): the route answers 404.
    private let found: (response: Response, notModified: Response, etag: EntityTag)?

    /// `maxAge`: `Cache-Control: public, max-age` (RFC 9111 §5.2.2.1), as for the other reads.
    init(route: String, body: [UInt8]?, contentType: String, maxAge: Int) {
        self.route = route
        guard let body else {
            found = nil
            return
        }
        let etag = EntityTag(body: body)
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        headers.add("ETag", etag.description)
        headers.add("Cache-Control", "public, max-age=\(maxAge)")
        let response = Response(status: .ok, headers: headers, body: body)
        // RFC 9110 §15.4.5: the 304 carries the 200's validators and caching headers, not its content type.
        headers.remove("Content-Type")
        found = (response, Response(status: .notModified, headers: headers), etag)
    }

    /// The contract documents the settings carry (`openAPIYAML`, `openAPIJSON`).
    static func contract(_ settings: APISettings) -> [StaticDocument] {
        [StaticDocument(route: "/openapi.yaml", body: settings.openAPIYAML, contentType: "application/yaml",
                        maxAge: settings.cacheMaxAge),
         StaticDocument(route: "/openapi.json", body: settings.openAPIJSON, contentType: "application/json",
                        maxAge: settings.cacheMaxAge)]
    }

    /// `GET /`: where the API's resources are, for a person or client that starts at the root (and the target a
    /// load balancer's default check asks for: HAProxy's `option httpchk` sends `OPTIONS / HTTP/1.0`, which the
    /// engine answers 204 with `Allow` once a resource lives here). Fixed, so prepared once like the contract.
    static func home(maxAge: Int) -> StaticDocument {
        let links: [(String, JSONValue)] = [
            ("events", .string("/events")), ("programme", .string("/programme")), ("partners", .string("/partners")),
            ("openapi", .string("/openapi.json")), ("health", .string("/healthz")), ("readiness", .string("/readyz")),
        ]
        let body = JSONValue.object([
            ("name", .string("Agora")),
            ("description", .string("The events of the city's social sector: conferences, their programme, partners and registrations.")),
            ("links", .object(links)),
        ]).bytes
        return StaticDocument(route: "/", body: body, contentType: "application/json; charset=utf-8", maxAge: maxAge)
    }

    /// The document, or a 304 when `If-None-Match` matches it (RFC 9110 §13.1.2); a 404 problem when absent. It
    /// takes no query parameter but those in `known` (the page's `lang`, which its script reads): another is a 400
    /// naming it, as on every public GET (issue 10 item 7).
    func respond(to request: Request, known: [String] = []) throws -> Response {
        if request.head.target.query != nil, let unknown = request.queryItems.first(where: { !known.contains($0.name) }) {
            throw QueryError.unknown(parameter: unknown.name, known: known)
        }
        guard let found else { throw APIError.missing("The API description \(route) is not available on this server.") }
        if let ifNoneMatch = request.headers["If-None-Match"], Preconditions.ifNoneMatchMatches(ifNoneMatch, current: found.etag) {
            return found.notModified
        }
        return found.response
    }
}
