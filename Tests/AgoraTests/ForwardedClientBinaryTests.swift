import Glibc
import Testing
import TestSupport

/// `trustedProxies` with the real binary (issue 13, item 4): behind a trusted proxy the rate limiter, the access
/// log's `client` and a problem's `instance` follow the client the proxy names; without it the same headers change
/// nothing, since any client can send them.
@Suite("Forwarded clients, with the real binary")
struct ForwardedClientBinaryTests {
    static let token = "forwarded-test-admin-token-0123456789ab"

    struct Outcome {
        var registrations: [Int] = []
        var problem: String = ""
        var logLine: String = ""
    }

    /// Two registrations from 203.0.113.1, one from 203.0.113.2 (as a proxy would report them), at one per minute
    /// with a burst of one; then a 404 asked for as `https://api.example/nope`.
    func run(_ extra: [String]) throws -> Outcome {
        let directory = AgoraProcess.temporaryDirectory("forwarded")
        let server = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--no-seed",
                                       "--registration-rate-per-minute", "1", "--registration-rate-burst", "1"] + extra,
                                      environment: ["AGORA_ADMIN_TOKEN": Self.token])
        let port = try #require(server.listeningPort(), "\(server.stderr)")
        let created = httpExchange(port: port, method: "POST", path: "/events",
                                   headers: [("Authorization", "Bearer \(Self.token)")], body: """
            {"id":"proxied","title":{"fr":"Derrière un proxy"},"startsAt":"2099-06-15T09:00:00+02:00",\
            "timeZone":"Europe/Luxembourg","defaultLanguage":"fr","registration":{"kind":"required"}}
            """)
        #expect(created?.status == 201, "\(created?.body ?? "no answer")")
        var outcome = Outcome()
        for (index, client) in ["203.0.113.1", "203.0.113.1", "203.0.113.2"].enumerated() {
            let reply = httpExchange(port: port, method: "POST", path: "/events/proxied/registrations",
                                     headers: [("X-Forwarded-For", "\(client), 127.0.0.1")],
                                     body: #"{"name":"P","email":"p\#(index)@example.lu","consent":true}"#)
            outcome.registrations.append(reply?.status ?? 0)
        }
        let asked = try RawClient(port: port)
        try asked.send("GET /nope HTTP/1.1\r\nHost: api.example\r\nForwarded: for=203.0.113.9;proto=https\r\n\r\n")
        let missing = try asked.readResponse()
        #expect(missing.status == 404)
        outcome.problem = missing.text
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
        outcome.logLine = server.stdout.split(separator: "\n").first { $0.contains(#""path":"/nope""#) }.map(String.init) ?? ""
        return outcome
    }

    @Test func behindATrustedProxyTheForwardedClientCounts() throws {
        let outcome = try run(["--trusted-proxies", "10.0.0.0/8,127.0.0.1"])
        #expect(outcome.registrations == [201, 429, 201], "one bucket per forwarded client")
        #expect(outcome.problem.contains(#""instance":"https://api.example/nope""#), "\(outcome.problem)")
        #expect(outcome.logLine.contains(#""peer":"127.0.0.1:"#), "\(outcome.logLine)")
        #expect(outcome.logLine.contains(#""client":"203.0.113.9""#), "\(outcome.logLine)")
    }

    @Test func fromAnUntrustedPeerTheHeadersAreIgnored() throws {
        let outcome = try run(["--trusted-proxies", "10.0.0.0/8"])
        #expect(outcome.registrations == [201, 429, 429], "every request is the peer's")
        #expect(outcome.problem.contains(#""instance":"http://api.example/nope""#), "\(outcome.problem)")
        #expect(outcome.logLine.contains(#""client":"127.0.0.1""#), "\(outcome.logLine)")
    }

    @Test func aMalformedRangeStopsTheServer() throws {
        let server = try AgoraProcess(["serve", "--port", "0", "--data-dir", AgoraProcess.temporaryDirectory("fw") + "/d",
                                       "--trusted-proxies", "127.0.0.1,10.0.0.0/33"])
        #expect(server.wait() == 2)
        #expect(server.stderr.contains("trustedProxies") && server.stderr.contains("entry 2"), "\(server.stderr)")
    }
}
