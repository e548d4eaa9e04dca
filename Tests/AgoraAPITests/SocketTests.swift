import AgoraLogging
import Foundation
import Glibc
import HTTPServer
import Testing
import TestSupport

@Suite("Public reads over a real socket")
struct SocketTests {
    @Test func cachedReadConditionalGetCORSAndProblemsOverTCP() async throws {
        let fixture = try APIFixture()
        let server = HTTPServer(configuration: ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: 0)],
                                                                   loopCount: 1),
                                router: fixture.router, log: LogWriter(level: .error))
        let port = try server.start()[0]

        // Issue 10 item 5: the header localizes only with ?lang=auto (this read relied on Accept-Language alone).
        let first = try HTTPReply.get(port: port, "/events?past=true&lang=auto", [("Origin", "https://front.example"),
                                                                        ("Accept-Language", "fr;q=0.8, de")])
        #expect(first.status == 200)
        #expect(first.header("Content-Length") == String(first.body.count))
        #expect(first.header("Date") != nil && first.header("X-Request-Id") != nil)
        #expect(first.header("Access-Control-Allow-Origin") == "*")
        #expect(first.header("Content-Language") == "de, fr")
        #expect(first.header("Vary") == "Accept-Language")
        #expect(String(decoding: first.body, as: UTF8.self).contains("\"title\":\"Assises sociales\""))
        let etag = try #require(first.header("ETag"))

        let again = try HTTPReply.get(port: port, "/events?past=true&lang=auto",
                                      [("Accept-Language", "fr;q=0.8, de"), ("If-None-Match", etag)])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.header("ETag") == etag)

        let partner = try HTTPReply.get(port: port, "/partners/oeuvre-nationale-de-secours-grande-duchesse-charlotte")
        #expect(String(decoding: partner.body, as: UTF8.self).contains("Œuvre Nationale de Secours Grande-Duchesse Charlotte"))

        let bad = try HTTPReply.get(port: port, "/events?limit=500")
        #expect(bad.status == 400)
        #expect(bad.header("Content-Type") == "application/problem+json")
        #expect(try HTTPReply.get(port: port, "/events/nope").status == 404)
        #expect(await server.shutdown())
    }
}
