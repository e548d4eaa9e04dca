import Cryptography
import Foundation
import Glibc
import Testing
import TestSupport

/// SIGHUP re-reads the tokens from the configuration file, so rotating a token needs no restart (issue 13): a new
/// token works after the signal, a removed one gets 401, and a broken file keeps the previous list and says why.
@Suite("Token rotation by SIGHUP, with the real binary")
struct TokenReloadTests {
    private func writeConfig(_ path: String, tokens: [String]) throws {
        let object: [String: Any] = ["tokens": tokens]
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    /// The status of a registrations read with `token` (authorization comes before the event is looked up).
    private func status(_ port: Int, _ token: String) throws -> Int {
        try HTTPReply.get(port: port, "/events/assises-sociales-2025/registrations",
                          [("Authorization", "Bearer \(token)")]).status
    }

    @Test func aRotatedTokenWorksAfterSIGHUPAndTheRemovedOneIsRefused() throws {
        let directory = AgoraProcess.temporaryDirectory("tokens")
        let config = directory + "/agora.json"
        let old = "old-token-" + UUID().uuidString, new = "new-token-" + UUID().uuidString
        try writeConfig(config, tokens: ["registrations:\(SHA256.hex(old)):old"])
        let server = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--config", config])
        let port = try #require(server.listeningPort(), "\(server.stderr)")
        #expect(try status(port, old) == 200)
        #expect(try status(port, new) == 401)

        try writeConfig(config, tokens: ["registrations:\(SHA256.hex(new)):new"])
        server.signal(SIGHUP)
        let reloaded = try #require(server.waitForLine(containing: "\"msg\":\"tokens reloaded\""))
        #expect(reloaded.contains("\"names\":\"new\""), "\(reloaded)")
        #expect(try status(port, new) == 200, "the new token works without a restart")
        #expect(try status(port, old) == 401, "the removed one is refused")

        // A broken entry: refused with an error line, and the list in force stays.
        try writeConfig(config, tokens: ["registrations:not-a-hash:oops"])
        server.signal(SIGHUP)
        let failed = try #require(server.waitForLine(containing: "\"msg\":\"token reload failed; keeping the previous tokens\""))
        #expect(failed.contains("tokens[0]") && !failed.contains("not-a-hash"), "names the entry, never echoes it: \(failed)")
        #expect(try status(port, new) == 200)
        #expect(try status(port, old) == 401)

        // A file that is not JSON at all: the same.
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: config))
        server.signal(SIGHUP)
        #expect(server.waitForLine(containing: "is not a JSON object of settings") != nil)
        #expect(try status(port, new) == 200)

        #expect(server.wait(timeout: .zero) == nil, "SIGHUP never ends the server")
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
    }
}
