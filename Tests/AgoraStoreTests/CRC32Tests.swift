@testable import AgoraStore
import Testing
import TestSupport

/// The journal's and the snapshot's checksum (CRC-32, IEEE, as zlib computes it) is slicing-by-16 over a flat table:
/// it must give the published check values, and the bit-by-bit definition's value for every length and alignment
/// (the 16-byte steps, the byte-wise tail) and however the input is split (`continuing:`, as the snapshot stream
/// checksums its pieces).
@Suite struct CRC32Tests {
    private static func checksum(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { CRC32.checksum($0, continuing: previous) }
    }

    @Test func publishedCheckValues() {
        // The check value of the CRC catalogue (CRC-32/ISO-HDLC), zlib's crc32() of the other two.
        #expect(Self.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(Self.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(Self.checksum(Array("a".utf8)) == 0xE8B7_BE43)
        #expect(Self.checksum([]) == 0)
        #expect(Self.checksum([UInt8](repeating: 0, count: 32)) == 0x190A_55AD)
        #expect(Self.checksum([UInt8](repeating: 0xFF, count: 32)) == 0xFF6C_AB0B)
        #expect(CRC32.hex(0xCBF4_3926) == "cbf43926" && CRC32.hex(0x0000_00AB) == "000000ab")
    }

    @Test func everyLengthAndOffsetMatchesTheBitwiseDefinition() {
        var random = SplitMix64(seed: 16)
        let bytes = (0..<300).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for offset in 0..<17 {
            for length in 0...(bytes.count - offset) where length < 40 || length % 7 == 0 {
                let part = Array(bytes[offset..<(offset + length)])
                // Unaligned starts too: the words are loaded from wherever the slice begins in the array.
                let sliced = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + length)])) }
                #expect(sliced == crc32(part), "offset \(offset), length \(length)")
                #expect(CRC32.checksum(bytes[offset..<(offset + length)]) == crc32(part))
            }
        }
    }

    @Test func aSplitInputGivesTheWholeInputsChecksum() {
        var random = SplitMix64(seed: 61)
        let bytes = (0..<1_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        let whole = crc32(bytes)
        for cut in [0, 1, 7, 15, 16, 17, 31, 33, 500, 999, 1_000] {
            let first = Self.checksum(Array(bytes[..<cut]))
            #expect(Self.checksum(Array(bytes[cut...]), continuing: first) == whole, "cut at \(cut)")
        }
        // Many small pieces, as a snapshot read a few bytes at a time is checksummed.
        var crc: UInt32 = 0
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Int(random.next() % 40))
            crc = Self.checksum(Array(bytes[start..<end]), continuing: crc)
            start = end
        }
        #expect(crc == whole)
    }
}
