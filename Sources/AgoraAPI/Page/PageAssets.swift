import HTTPServer

/// The page's files as prepared answers (`StaticDocument`: ETag, 304, no query): `index.html` is the shell of `/`
/// and of `/cancel/{id}`, the others are served at `/assets/{name}`. HTML answers carry `PageSecurity`'s headers,
/// every file `X-Content-Type-Options: nosniff`.
struct PageAssets: Sendable {
    let shell: StaticDocument?
    let assets: [String: StaticDocument]
    let security: PageSecurity
    /// The JSON document `/` answers clients that do not ask for HTML.
    let home: StaticDocument

    init(settings: PageSettings, home: StaticDocument, maxAge: Int) {
        self.home = home
        security = settings.security
        var assets: [String: StaticDocument] = [:]
        var shell: StaticDocument?
        for (name, bytes) in settings.files {
            guard let type = Self.contentType(of: name) else { continue }
            let document = StaticDocument(route: "/assets/\(name)", body: bytes, contentType: type, maxAge: maxAge)
            if name == "index.html" { shell = document } else { assets[name] = document }
        }
        self.shell = shell
        self.assets = assets
    }

    /// By extension: only the kinds of files a plain page has.
    static func contentType(of name: String) -> String? {
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        return nil
    }

    /// `GET /`: the page for a browser (`Accept` ranks `text/html` above JSON), else the JSON home document, as
    /// before; both with `Vary: Accept` (RFC 9110 §12.5.5).
    func root(_ request: Request) throws -> Response {
        var response: Response
        if let shell, Self.prefersHTML(request.headers["Accept"]) {
            response = try page(shell, request)
        } else {
            try Self.checkLanguage(request)
            response = try home.respond(to: request, known: ["lang"])
        }
        PublicRead.addVary("Accept", to: &response)
        return response
    }

    /// `GET /cancel/{id}`: the shell, whose script reads the token from the fragment.
    func cancellation(_ request: Request) throws -> Response {
        guard let shell else { throw APIError.missing("The page is not available on this server.") }
        // Registration ids are base64url-like (`RegistrationIdentifier`): anything else names no registration.
        let id = request.parameter("id") ?? ""
        guard (1...200).contains(id.utf8.count),
              id.utf8.allSatisfy(Self.isIdentifierByte)
        else { throw APIError.missing("There is no registration \(id).") }
        return try page(shell, request)
    }

    /// A-Z, a-z, 0-9, `-` and `_`.
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    /// `GET /assets/{name}`.
    func asset(_ request: Request) throws -> Response {
        guard let name = request.parameter("name"), let document = assets[name] else {
            throw APIError.missing("There is no page file \(request.parameter("name") ?? "") on this server.")
        }
        var response = try document.respond(to: request)
        response.headers.add("X-Content-Type-Options", "nosniff")
        return response
    }

    private func page(_ document: StaticDocument, _ request: Request) throws -> Response {
        try Self.checkLanguage(request)
        // `?lang=` is the page's: its script reads it (the language switch writes it).
        var response = try document.respond(to: request, known: ["lang"])
        for (name, value) in security.headers() { response.headers.add(name, value) }
        return response
    }

    /// A `lang` that is neither a language tag nor `auto` is a 400 naming it, as on every read (`LanguageChoice`).
    static func checkLanguage(_ request: Request) throws {
        guard request.head.target.query != nil else { return }
        for item in request.queryItems where item.name == "lang" {
            _ = try LanguageChoice.of(lang: item.value, acceptLanguage: nil)
        }
    }

    /// Whether `Accept` ranks `text/html` above `application/json` (absent or `*/*`: JSON, what API clients get).
    static func prefersHTML(_ accept: String?) -> Bool {
        guard let accept else { return false }
        let ranges = MediaRange.ranges(ofAccept: accept)
        func weight(_ type: String) -> (Int, Int) {
            guard let range = ranges.filter({ $0.matches(type) }).max(by: { $0.specificity < $1.specificity }) else {
                return (0, 0)
            }
            return (range.quality, range.specificity)
        }
        let html = weight("text/html")
        return html.0 > 0 && html > weight("application/json")
    }
}
