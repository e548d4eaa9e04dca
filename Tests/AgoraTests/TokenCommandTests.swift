import Cryptography
import Testing

/// `agora token`: a new random token each time, its SHA-256 and the `tokens` entry that admits it.
@Suite("agora token")
struct TokenCommandTests {
    private func field(_ name: String, in text: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("\(name):") }.map {
            String($0.dropFirst(name.count + 1).drop { $0 == " " })
        }
    }

    @Test func printsATokenItsHashAndTheConfigEntry() throws {
        let first = try AgoraProcess(["token", "editor", "alice"])
        #expect(first.wait() == 0)
        let token = try #require(field("token", in: first.stdout))
        let hash = try #require(field("sha256", in: first.stdout))
        #expect(token.count == 43)
        #expect(AccessToken.matches(token, sha256Hex: hash))
        #expect(first.stdout.contains("\"editor:\(hash):alice\""))
        let second = try AgoraProcess(["token"])
        #expect(second.wait() == 0)
        #expect(field("token", in: second.stdout) != token)
        #expect(second.stdout.contains("\"admin:"))
    }

    @Test func unknownRoleExits2() throws {
        let process = try AgoraProcess(["token", "root"])
        #expect(process.wait() == 2)
        #expect(process.stderr.contains("unknown role"))
    }
}

/// The `tokens` setting as `agora serve` reads it: a malformed entry stops the server before it serves.
@Suite("tokens setting")
struct TokensSettingTests {
    @Test func malformedEntryExits2NamingItsPositionNotItsText() throws {
        let directory = AgoraProcess.temporaryDirectory("tokens")
        let secret = "s3cr3t-pasted-instead-of-its-hash"
        let process = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--no-seed",
                                        "--tokens", "admin:\(secret)"])
        #expect(process.wait() == 2)
        #expect(process.stderr.contains("tokens[0]"))
        #expect(!process.stderr.contains(secret))
    }
}
