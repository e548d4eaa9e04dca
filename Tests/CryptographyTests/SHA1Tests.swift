import Cryptography
import Testing

/// FIPS 180-4's examples (NIST CSRC "SHA1.pdf") and the empty message.
struct SHA1Tests {
    @Test func knownAnswers() {
        #expect(SHA1.hex(Array("abc".utf8)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(SHA1.hex([UInt8]()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    }

    @Test func aNonContiguousSequenceHashesLikeItsArray() {
        let bytes = (0..<300).map { UInt8($0 % 251) }
        #expect(SHA1.hash(bytes.lazy.map { $0 }) == SHA1.hash(bytes))
        #expect(SHA1.hash(bytes).count == SHA1.digestLength)
    }
}
