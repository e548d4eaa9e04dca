/// SHA-256 digests as the API writes them: 64 lowercase hex digits, kept as their 32 bytes.
package enum HexDigest {
    static func isDigest(_ text: String) -> Bool {
        guard text.utf8.count == 64 else { return false }
        var text = text
        return text.withUTF8 { hex in
            for byte in hex where !((0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)) { return false }
            return true
        }
    }

    /// The value of a lowercase hex digit (checked by `isDigest`), without a branch: '0'…'9' are 0x30…0x39 and
    /// 'a'…'f' 0x61…0x66, so the low nibble is the value, plus 9 for a letter (bit 6 set). Digests are random, so
    /// a branch on digit or letter was mispredicted about every other digit: packing the two digests of a
    /// registration was 3–4.5 % of a recovery's samples.
    @inline(__always)
    static func value(of digit: UInt8) -> UInt8 { (digit & 0x0F) &+ 9 &* (digit >> 6) }

    private static let digits = Array("0123456789abcdef".utf8)

    /// The 64 hex digits of `bytes`.
    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        bytes.withUnsafeBufferPointer { appendHex($0, to: &text) }
        return String(decoding: text, as: UTF8.self)
    }

    /// Appends the hex digits of `bytes` (the snapshot writer spells packed digests out again).
    package static func appendHex(_ bytes: UnsafeBufferPointer<UInt8>, to text: inout [UInt8]) {
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
    }
}
