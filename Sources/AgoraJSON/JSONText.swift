// The JSON toolkit: a leaf module every other module may use (issue #9: one JSON toolkit). `JSONText` is the one
// place a JSON string is escaped (here) and unescaped (JSONText+Unescaping.swift), RFC 8259 §7; the writer, the
// two readers, the API's values, problem bodies and the engine's log lines all go through it.

/// Escaping and unescaping of JSON strings (RFC 8259 §7).
public enum JSONText {
    /// `text` as a quoted JSON string.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a quoted JSON string to a byte buffer (the access log's hot path: no intermediate String).
    @inlinable
    public static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendQuoted(utf8: $0, to: &out) }
    }

    /// Appends the quoted JSON string of `utf8` (valid UTF-8, as taken from a `String`): quote, backslash and
    /// the control characters escaped, everything else (é, Œ, 😀, U+2028) as it is. Runs that need no escape
    /// are found eight bytes at a time and copied whole, so text without any (most ids, names and paths) is one
    /// scan and one append.
    @inlinable
    public static func appendQuoted(utf8: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var runStart = 0
        while true {
            let index = firstByteToEscape(in: utf8, from: runStart)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            guard index < utf8.count else { break }
            let byte = utf8[index]
            runStart = index + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
            default:
                out.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hexDigit(byte >> 4), hexDigit(byte & 0x0F)])
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The index of the first byte at or after `start` that RFC 8259 §7 requires escaped (a control character,
    /// `"` or `\\`), or `utf8.count`. Whole 8-byte words are tested at once with the "has a byte less than n" and
    /// "has a zero byte" bit tricks (exact as to whether a word holds one; bytes of 0x80 and above never match),
    /// then the word that holds one is walked byte by byte.
    @inlinable
    static func firstByteToEscape(in utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        if let base = utf8.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= utf8.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let quotes = word ^ (ones &* 0x22), backslashes = word ^ (ones &* 0x5C)
                let controls = (word &- ones &* 0x20) & ~word
                let matches = (controls | ((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)) & highs
                if matches != 0 { break }
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }

    @inlinable
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
    }
}
