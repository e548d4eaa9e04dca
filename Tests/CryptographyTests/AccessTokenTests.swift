import Cryptography
import Testing

struct AccessTokenTests {
    private static let base64URLAlphabet = Set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )

    @Test func tokenIs43Base64URLCharactersWithoutPadding() {
        let (token, _) = AccessToken.generate()
        #expect(token.count == 43)  // 32 bytes → ceil(256 / 6) characters
        #expect(token.allSatisfy { Self.base64URLAlphabet.contains($0) }, "unexpected character in \(token)")
        #expect(!token.contains("="))
    }

    @Test func hashIsTheSHA256HexOfTheTokenText() {
        let (token, sha256Hex) = AccessToken.generate()
        #expect(sha256Hex == SHA256.hex(token))
        #expect(sha256Hex.count == 64)
        #expect(sha256Hex.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func tokensAreUnique() {
        let tokens = (0..<100).map { _ in AccessToken.generate().token }
        #expect(Set(tokens).count == tokens.count)
    }

    @Test func everyEncodedCharacterIsUsedAcrossManyTokens() {
        // A broken alphabet mapping (e.g. "+" or "/" leaking through, or a stuck bit) shows up here.
        let characters = Set((0..<200).flatMap { _ in AccessToken.generate().token })
        #expect(characters.isSubset(of: Self.base64URLAlphabet))
        #expect(characters.count == 64)
    }

    @Test func matchesAcceptsOnlyTheRightToken() {
        let (token, sha256Hex) = AccessToken.generate()
        #expect(AccessToken.matches(token, sha256Hex: sha256Hex))
        #expect(AccessToken.matches(token, sha256Hex: sha256Hex.uppercased()))
        #expect(!AccessToken.matches(token + "x", sha256Hex: sha256Hex))
        #expect(!AccessToken.matches(AccessToken.generate().token, sha256Hex: sha256Hex))
        #expect(!AccessToken.matches(token, sha256Hex: ""))
    }
}
