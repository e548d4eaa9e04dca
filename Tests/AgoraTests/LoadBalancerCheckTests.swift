import Glibc
import Testing
import TestSupport

/// What a load balancer's default health check sends reaches something: HAProxy's `option httpchk` is
/// `OPTIONS / HTTP/1.0` (no Host, which HTTP/1.0 does not require), and a 404 there marks the backend down.
@Suite("A load balancer's default check, with the real binary")
struct LoadBalancerCheckTests {
    @Test func optionsOnTheRootOverHTTP10IsASuccessAndGETShowsTheHomeDocument() throws {
        let directory = AgoraProcess.temporaryDirectory("root")
        let server = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        let port = try #require(server.listeningPort(), "\(server.stderr)")

        let check = try RawClient(port: port)
        try check.send("OPTIONS / HTTP/1.0\r\n\r\n")
        let answer = try check.readResponse()
        #expect((200..<300).contains(answer.status), "\(answer.statusLine)")
        #expect(answer.header("Allow")?.contains("GET") == true)
        #expect(try check.waitForClose(), "HTTP/1.0 without keep-alive closes")

        let home = try HTTPReply.get(port: port, "/")
        #expect(home.status == 200)
        #expect(home.header("Content-Type") == "application/json; charset=utf-8")
        #expect(home.header("ETag") != nil)
        let links = home.json["links"] as? [String: String]
        #expect(links?["events"] == "/events" && links?["openapi"] == "/openapi.json", "\(home.text)")
        #expect(try HTTPReply.get(port: port, "/?x=1").status == 400, "the root takes no query parameter")

        server.signal(SIGTERM)
        #expect(server.wait() == 0)
    }
}
