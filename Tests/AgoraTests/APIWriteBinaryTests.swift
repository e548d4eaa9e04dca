import Glibc
import Testing
import TestSupport

/// The write side through the real binary: `AGORA_ADMIN_TOKEN` admits, a partner created over HTTP is still there
/// after a restart, and the log never shows the token or a registrant.
@Suite("API writes with the real binary")
struct APIWriteBinaryTests {
    @Test func adminTokenFromTheEnvironmentWritesDurably() throws {
        let directory = AgoraProcess.temporaryDirectory("writes")
        let token = "env-admin-token-\(getpid())-binary-test"
        let environment = ["AGORA_ADMIN_TOKEN": token]
        let first = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"], environment: environment)
        let port = try #require(first.listeningPort(), "\(first.stderr)")
        let refused = httpExchange(port: port, method: "POST", path: "/partners", headers: [],
                                   body: #"{"name":"Binary Partner"}"#)
        #expect(refused?.status == 401)
        let created = httpExchange(port: port, method: "POST", path: "/partners",
                                   headers: [("Authorization", "Bearer \(token)")], body: #"{"name":"Binary Partner"}"#)
        #expect(created?.status == 201)
        #expect(created?.body.contains("\"id\":\"binary-partner\"") == true)
        first.signal(SIGTERM)
        #expect(first.wait() == 0)
        #expect(!first.stdout.contains(token) && !first.stderr.contains(token))

        let second = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"])
        let secondPort = try #require(second.listeningPort(), "\(second.stderr)")
        #expect(httpGet(port: secondPort, path: "/partners/binary-partner")?.status == 200)
        let unauthorised = httpExchange(port: secondPort, method: "DELETE", path: "/partners/binary-partner",
                                        headers: [("Authorization", "Bearer \(token)")], body: nil)
        #expect(unauthorised?.status == 401, "without AGORA_ADMIN_TOKEN that token is nobody's")
        second.signal(SIGTERM)
        #expect(second.wait() == 0)
    }
}
