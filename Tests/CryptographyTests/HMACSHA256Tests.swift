import Cryptography
import Testing

@Suite struct HMACSHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// RFC 4231 §4.3, test case 2 ("Jefe").
    @Test func rfc4231TestCase2() {
        let mac = HMACSHA256.mac(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Self.hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    /// RFC 4231 §4.2, test case 1 (20 bytes of 0x0b, "Hi There").
    @Test func rfc4231TestCase1() {
        let mac = HMACSHA256.mac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8))
        #expect(Self.hex(mac) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func emptyMessageIsAValidInput() {
        #expect(HMACSHA256.mac(key: [1, 2, 3], message: []).count == 32)
    }
}

extension HMACSHA256Tests {
    /// An empty key is a valid HMAC key (RFC 2104 §3 pads it with zeros): the well-known HMAC-SHA256("", "").
    @Test func emptyKeyAndMessage() {
        #expect(Self.hex(HMACSHA256.mac(key: [], message: [])) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }
}
