import Cryptography
import Testing

/// Known-answer vectors from FIPS 180-4's examples (NIST CSRC "SHA256.pdf") and common references.
struct SHA256Tests {
    @Test("SHA-256 of the NIST example messages", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("The quick brown fox jumps over the lazy dog",
         "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"),
    ])
    func knownAnswers(message: String, expected: String) {
        #expect(SHA256.hex(message) == expected)
    }

    @Test func millionTimesA() {
        let digest = SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000))
        #expect(hex(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hashAcceptsAnySequenceAndAgreesWithHex() {
        let text = "Agora café ☕"  // non-ASCII: hex() hashes the UTF-8 bytes
        let fromArray = SHA256.hash(Array(text.utf8))
        let fromUTF8View = SHA256.hash(text.utf8)
        let fromLazySequence = SHA256.hash(text.utf8.lazy.map { $0 })
        #expect(fromArray.count == SHA256.digestLength)
        #expect(fromArray == fromUTF8View)
        #expect(fromArray == fromLazySequence)
        #expect(hex(fromArray) == SHA256.hex(text))
    }

    @Test func differentInputsGiveDifferentDigests() {
        #expect(SHA256.hex("token-a") != SHA256.hex("token-b"))
        #expect(SHA256.hash([0]) != SHA256.hash([]))
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
