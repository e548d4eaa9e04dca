import Cryptography
import Testing

struct SecureRandomTests {
    @Test(arguments: [0, 1, 16, 32, 1000])
    func returnsTheRequestedCount(count: Int) {
        #expect(SecureRandom.bytes(count).count == count)
    }

    @Test func successiveCallsDiffer() {
        // Two equal 32-byte draws would mean a broken generator (probability 2^-256 otherwise).
        #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
    }

    @Test func bytesAreNotConstant() {
        // 4096 bytes all equal has probability 256^-4095 from a working generator.
        let bytes = SecureRandom.bytes(4096)
        #expect(Set(bytes).count > 200)
    }
}
