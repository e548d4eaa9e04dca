import Cryptography
import Testing

struct ConstantTimeEqualsTests {
    @Test func equalBytesCompareEqual() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(constantTimeEquals([], []))
        let digest = SHA256.hash("same".utf8)
        #expect(constantTimeEquals(digest, SHA256.hash("same".utf8)))
    }

    @Test func anyDifferingByteCompareUnequal() {
        let reference = SHA256.hash("reference".utf8)
        for position in reference.indices {
            var altered = reference
            altered[position] ^= 0x01
            #expect(!constantTimeEquals(reference, altered), "difference at byte \(position) missed")
        }
    }

    @Test func lengthMismatchIsUnequal() {
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(!constantTimeEquals([], [0]))
    }
}
