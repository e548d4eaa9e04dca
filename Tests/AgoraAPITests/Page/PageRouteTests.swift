import AgoraAPI
import Foundation
import Testing

/// The page's routes and headers (issue 14): `/` negotiates between the page and the JSON home document,
/// `/events/{id}` serves its HTML page to a browser, and every HTML answer carries the strict policy.
struct PageRouteTests {
    static let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
    static let files: [String: [UInt8]] = [
        "index.html": Array("<!doctype html><title>Agora</title>".utf8),
        "app.js": Array("export {};".utf8), "style.css": Array("body{}".utf8),
    ]

    static func fixture(frameAncestors: [String] = []) throws -> APIFixture {
        var settings = APISettings()
        settings.page = PageSettings(files: files, security: PageSecurity(frameAncestors: frameAncestors))
        return try APIFixture(settings: settings)
    }

    static func expectPageHeaders(_ response: TestResponse, frameAncestors: String = "'none'") {
        let policy = response.header("Content-Security-Policy") ?? ""
        #expect(policy.contains("script-src 'self';"), "\(policy)")
        #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
        #expect(policy.contains("default-src 'none'"))
        #expect(policy.hasSuffix("frame-ancestors \(frameAncestors)"), "\(policy)")
        #expect(response.header("X-Content-Type-Options") == "nosniff")
        #expect(response.header("Referrer-Policy") == "strict-origin-when-cross-origin")
    }

    @Test func rootIsThePageForBrowsersAndTheHomeDocumentForClients() throws {
        let fixture = try Self.fixture()
        let page = fixture.get("/", [("Accept", Self.browser)])
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.hasPrefix("<!doctype html>"))
        #expect(page.header("Vary") == "Accept")
        Self.expectPageHeaders(page)
        for accept in [nil, "*/*", "application/json", "text/html;q=0.5, application/json"] {
            let home = fixture.get("/", accept.map { [("Accept", $0)] } ?? [])
            #expect(home.header("Content-Type") == "application/json; charset=utf-8", "\(accept ?? "none")")
            #expect(home.header("Vary") == "Accept")
            #expect(home.header("Content-Security-Policy") == nil)
        }
        #expect(fixture.get("/?lang=fr", [("Accept", Self.browser)]).status == 200, "the page's own parameter")
        #expect(fixture.get("/?lang=%21%21", [("Accept", Self.browser)]).status == 400)
        #expect(fixture.get("/?x=1", [("Accept", Self.browser)]).status == 400)
        let revalidated = fixture.get("/", [("Accept", Self.browser), ("If-None-Match", page.header("ETag") ?? "")])
        #expect(revalidated.status == 304)
    }

    @Test func eventNegotiatesItsHTMLPageWithTheSameBytesAsTheHTMLRoute() throws {
        let fixture = try Self.fixture()
        let negotiated = fixture.get("/events/quattropole-2017", [("Accept", Self.browser)])
        let direct = fixture.get("/events/quattropole-2017.html")
        #expect(negotiated.status == 200 && direct.status == 200)
        #expect(negotiated.header("Content-Type") == "text/html; charset=utf-8")
        #expect(negotiated.body == direct.body)
        #expect(negotiated.header("ETag") == direct.header("ETag"))
        #expect(negotiated.header("Vary") == "Accept")
        #expect(negotiated.text.contains(#"<script type="application/ld+json">"#))
        Self.expectPageHeaders(negotiated)
        Self.expectPageHeaders(direct)
        let french = fixture.get("/events/quattropole-2017?lang=fr", [("Accept", "text/html")])
        #expect(french.text.contains("<html lang=\"fr\">"))
        #expect(french.header("ETag") != negotiated.header("ETag"))
        // An API client still gets JSON; an unknown event is a 404 problem, not a page.
        #expect(fixture.get("/events/quattropole-2017", [("Accept", "*/*")]).header("Content-Type")
                == "application/json; charset=utf-8")
        #expect(fixture.get("/events/nope", [("Accept", Self.browser)]).status == 404)
    }

    @Test func assetsAndTheCancellationPage() throws {
        let fixture = try Self.fixture(frameAncestors: ["'self'", "https://www.example.lu"])
        let script = fixture.get("/assets/app.js")
        #expect(script.status == 200)
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(script.header("X-Content-Type-Options") == "nosniff")
        #expect(fixture.get("/assets/style.css").header("Content-Type") == "text/css; charset=utf-8")
        #expect(fixture.get("/assets/nothing.js").status == 404)
        #expect(fixture.get("/assets/index.html").status == 404, "the shell is served at / only")
        let cancel = fixture.get("/cancel/some-registration?lang=de")
        #expect(cancel.status == 200 && cancel.text.hasPrefix("<!doctype html>"))
        Self.expectPageHeaders(cancel, frameAncestors: "'self' https://www.example.lu")
        #expect(fixture.get("/cancel/not%20an%20id").status == 404, "only a registration id's characters")
        #expect(fixture.get("/cancel/caf%C3%A9").status == 404)
        Self.expectPageHeaders(fixture.get("/events/quattropole-2017.html"), frameAncestors: "'self' https://www.example.lu")
    }

    @Test func withoutPageFilesRootIsTheHomeDocument() throws {
        let fixture = try APIFixture()
        #expect(fixture.get("/", [("Accept", Self.browser)]).header("Content-Type") == "application/json; charset=utf-8")
        #expect(fixture.get("/cancel/x").status == 404)
    }
}
