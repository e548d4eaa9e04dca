@testable import Cryptography
import Testing

/// RFC 4648 §10 test vectors, padding removed, plus bytes that exercise the two URL-safe characters.
struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"),
        ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(input: String, expected: String) {
        #expect(AccessToken.base64URLEncoded(Array(input.utf8)) == expected)
    }

    @Test func urlSafeCharactersReplacePlusAndSlash() {
        // Standard base64 of FB FF BF is "+/+/"; base64url must give "-_-_".
        #expect(AccessToken.base64URLEncoded([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(AccessToken.base64URLEncoded([0xFF]) == "_w")
    }
}
