// Stepping over values without decoding them: the snapshot reader locates each registration this way, then
// decodes them in parallel.

extension JSONReader {
    /// Steps over one value of any kind, checking only its structure (its content is left to whoever
    /// decodes the returned range). Nil when the structure is broken.
    @inlinable
    public mutating func skipValue() -> Range<Int>? {
        skipWhitespace()
        let start = position
        guard position < end else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            guard skipString() else { return nil }
        case UInt8(ascii: "{"):
            position += 1
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    skipWhitespace()
                    guard skipString(), consume(UInt8(ascii: ":")), skipValue() != nil else { return nil }
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "}")) else { return nil }
            }
        case UInt8(ascii: "["):
            position += 1
            if !consume(UInt8(ascii: "]")) {
                repeat { guard skipValue() != nil else { return nil } } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "]")) else { return nil }
            }
        default:
            // Numbers and literals: a run of the characters they are made of.
            while position < end, Self.isScalarCharacter(bytes[position]) { position += 1 }
            guard position > start else { return nil }
        }
        return start..<position
    }

    /// Steps over a string without building it (escapes are checked by whoever decodes it later).
    @inlinable
    public mutating func skipString() -> Bool {
        guard position < end, bytes[position] == UInt8(ascii: "\"") else { return false }
        let start = position + 1, limit = end
        // Eight bytes at a time while none is a quote or a backslash: the snapshot load steps over every string of a
        // million registrations this way on its one serial thread (a byte at a time it was a fifth of that thread).
        let after: Int? = bytes.withUnsafeBufferPointer { input in
            guard let base = input.baseAddress else { return nil }
            var index = start
            while index < limit {
                while index &+ 8 <= limit,
                      !Self.hasQuoteOrBackslash(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                    index &+= 8
                }
                guard index < limit else { return nil }
                let byte = input[index]
                if byte == UInt8(ascii: "\"") { return index + 1 }
                index += byte == UInt8(ascii: "\\") ? 2 : 1
            }
            return nil
        }
        guard let after else {
            position = Swift.max(position, end)
            return false
        }
        position = after
        return true
    }

    /// Whether any of the eight bytes of `word` is a quote or a backslash (the classic test for a zero byte, after an exclusive or
    /// with each: exact as a yes or no, whatever the byte order).
    @inlinable
    static func hasQuoteOrBackslash(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
        return (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)) & highs != 0
    }

    /// The bytes numbers and the literals `true`, `false`, `null` are made of.
    @inlinable
    static func isScalarCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"),
             UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "n"):
            true
        default: false
        }
    }
}
