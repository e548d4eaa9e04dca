import AgoraJSON
import Testing

/// The word-at-a-time escaper (issue 16) against the byte-by-byte one it replaced, on random strings built from
/// the characters that matter: controls, quote, backslash, ASCII, two- to four-byte UTF-8 and U+2028/9, at every
/// length and position relative to an 8-byte word.
@Suite struct JSONTextEscapingTests {
    /// The escaper before issue 16, byte by byte, as the reference.
    static func byteByByte(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case UInt8(ascii: "\n"): out += Array(#"\n"#.utf8)
            case UInt8(ascii: "\r"): out += Array(#"\r"#.utf8)
            case UInt8(ascii: "\t"): out += Array(#"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return out
    }

    /// A deterministic generator (xorshift64*), so a failure repeats.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12; state ^= state << 25; state ^= state >> 27
            return state &* 0x2545_F491_4F6C_DD1D
        }
    }

    static let alphabet: [Character] = ["a", "Z", "0", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}",
                                        "\u{7F}", "é", "Œ", "€", "😀", "\u{2028}", "\u{2029}", "\u{FEFF}", "~", "!"]

    @Test func randomStringsEscapeAsByteByByte() {
        var random = Generator(state: 0x16_16_16_16)
        for round in 0..<20_000 {
            let length = Int.random(in: 0...(round % 10 == 0 ? 200 : 40), using: &random)
            // Mostly plain text with the odd special character, and sometimes only special ones.
            let plainShare = Int.random(in: 0...10, using: &random)
            let text = String((0..<length).map { _ -> Character in
                Int.random(in: 0..<10, using: &random) < plainShare
                    ? Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random)))
                    : Self.alphabet.randomElement(using: &random) ?? "a"
            })
            var out: [UInt8] = [0xAA]
            JSONText.appendQuoted(text, to: &out)
            #expect(out == [0xAA] + Self.byteByByte(text), "\(Array(text.utf8))")
        }
    }

    /// One special character at every position of strings up to three words long.
    @Test func aSpecialByteIsFoundAtEveryOffset() {
        for special in ["\"", "\\", "\u{0}", "\u{1F}", "\n", "é", "\u{2028}"] {
            for length in 0..<24 {
                for position in 0...length {
                    let text = String(repeating: "x", count: position) + special + String(repeating: "y", count: length - position)
                    #expect(Array(JSONText.quote(text).utf8) == Self.byteByByte(text), "\(special) at \(position)")
                }
            }
        }
    }
}
