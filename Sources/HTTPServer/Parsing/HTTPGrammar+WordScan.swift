// Word-at-a-time scans for the two loops every request byte goes through: finding the line end, and
// checking a field value for control characters. Eight bytes are tested per step with the classic
// bit tricks ("has zero byte", "has byte less than n"), falling back to one byte at a time only around a
// hit, so a typical head costs a few instructions per 8 bytes instead of per byte.

extension HTTPGrammar {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether some byte of `word` is zero.
    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> Bool {
        (word &- ones) & ~word & highBits != 0
    }

    /// Whether some byte of `word` is below `limit` (at most 128). May report a byte at or above 0x80 as
    /// well; callers only use it to decide when to look at bytes one by one, so that is harmless.
    @inline(__always)
    private static func hasByteBelow(_ word: UInt64, _ limit: UInt8) -> Bool {
        (word &- ones &* UInt64(limit)) & ~word & highBits != 0
    }

    /// The index of the first LF in `bytes[from..<to]`, if any.
    @inline(__always)
    static func firstLineFeed(in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        var index = from
        let lineFeeds = ones &* UInt64(lf)
        while index &+ 8 <= to {
            if hasZeroByte(bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ lineFeeds) { break }
            index &+= 8
        }
        while index < to {
            if bytes[index] == lf { return index }
            index &+= 1
        }
        return nil
    }

    /// Whether every byte of `bytes[from..<to]` may appear in a field value (see `isFieldValueChar`).
    @inline(__always)
    static func allFieldValueChars(in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Bool {
        var index = from
        let deletes = ones &* 0x7F
        while index &+ 8 <= to {
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            if hasByteBelow(word, sp) || hasZeroByte(word ^ deletes) {
                // A control character, HTAB or DEL somewhere in these eight: decide byte by byte.
                for offset in 0..<8 where !isFieldValueChar(bytes[index &+ offset]) { return false }
            }
            index &+= 8
        }
        while index < to {
            if !isFieldValueChar(bytes[index]) { return false }
            index &+= 1
        }
        return true
    }
}
