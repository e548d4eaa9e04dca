import AgoraJSON
import Foundation
import Testing

/// The one escaper and the one unescaper (RFC 8259 §7).
@Suite struct JSONTextTests {
    /// Accents, emoji outside the BMP, quotes, backslashes, every control character, DEL, the line and
    /// paragraph separators, slashes, and text that looks like JSON or like an escape.
    static let hostileStrings: [String] = [
        "Müller-Loës ß Œuvre é", "😀 👩🏽‍⚕️ 🇱🇺", #"quote " and backslash \ and both \""#,
        "line\nfeed\rreturn\ttab\u{8}backspace\u{C}formfeed", "nul\u{0}unit\u{1F}separator\u{7F}delete",
        "\u{2028}\u{2029}", "a/b</script>", #"{"register":{"request":null}},"#, "", " ", #"\u0041"#, "\\",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
    ]

    @Test func quoteEscapesQuoteBackslashAndControlCharacters() {
        #expect(JSONText.quote("a\"b\\c\nd\u{1}é") == #""a\"b\\c\nd\u0001é""#)
        #expect(JSONText.quote("\r\t\u{8}\u{C}\u{1F}") == #""\r\t\u0008\u000c\u001f""#)
        #expect(JSONText.quote("") == #""""#)
    }

    /// Exactly the characters §7 requires are escaped: the control characters, quote and backslash; every
    /// other byte (slash, DEL, UTF-8 of any length) is copied as it is.
    @Test func escapesExactlyWhatTheRFCRequires() {
        for value in UInt8(0)...UInt8(0x7F) {
            let text = String(Unicode.Scalar(value))
            let quoted = JSONText.quote(text)
            let mustEscape = value < 0x20 || value == UInt8(ascii: "\"") || value == UInt8(ascii: "\\")
            #expect((quoted.utf8.count > 3) == mustEscape, "\(value): \(quoted)")
        }
        #expect(JSONText.quote("é😀\u{2028}/") == "\"é😀\u{2028}/\"")
    }

    @Test func quotedTextIsReadBackAsItWasByFoundationAndByTheUnescaper() throws {
        for text in Self.hostileStrings {
            let quoted = Array(JSONText.quote(text).utf8)
            #expect(try JSONSerialization.jsonObject(with: Data(quoted), options: .fragmentsAllowed) as? String == text)
            let (utf8, next) = try JSONText.unescape(quoted, quoteAt: 0, end: quoted.count)
            #expect(String(validating: utf8, as: UTF8.self) == text)
            #expect(next == quoted.count)
            var appended: [UInt8] = Array("x".utf8)
            JSONText.appendQuoted(text, to: &appended)
            #expect(appended == Array("x".utf8) + quoted)
        }
    }

    @Test func unescapeResolvesEveryEscapeAndSurrogatePairs() throws {
        let text = Array(#""\"\\\/\b\f\n\r\t\u00e9\u00E9\ud83d\ude00\uD83D\uDE00\u0000" trailing"#.utf8)
        let (utf8, next) = try JSONText.unescape(text, quoteAt: 0, end: text.count)
        #expect(String(validating: utf8, as: UTF8.self) == "\"\\/\u{8}\u{C}\n\r\té\u{E9}😀😀\u{0}")
        #expect(text[next...].elementsEqual(" trailing".utf8))
    }

    @Test func unescapeSaysWhatIsWrongAndWhere() {
        let cases: [(String, JSONText.StringError.Reason, Int)] = [
            (#""abc"#, .unterminated, 4),
            (#""ab\"#, .unterminated, 4),
            ("\"a\u{1}b\"", .controlCharacter, 2),
            ("\"a\nb\"", .controlCharacter, 2),
            (#""a\xb""#, .invalidEscape, 2),
            (#""\u12g4""#, .invalidHexDigits, 5),
            (#""\u12"#, .invalidHexDigits, 5),
            (#""\ud83d""#, .unpairedSurrogate, 7),
            (#""\ud83dx""#, .unpairedSurrogate, 7),
            (#""\ud83d\u0041""#, .unpairedSurrogate, 13),
            (#""\ude00""#, .unpairedSurrogate, 7),
        ]
        for (text, reason, position) in cases {
            let bytes = Array(text.utf8)
            #expect(throws: JSONText.StringError(reason: reason, position: position), "\(text)") {
                _ = try JSONText.unescape(bytes, quoteAt: 0, end: bytes.count)
            }
        }
    }

    /// Bytes that are not UTF-8 come out as they are: the caller makes a `String` and refuses them.
    @Test func invalidUTF8IsLeftToTheCallerToRefuse() throws {
        for invalid: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF]] {
            let text = [UInt8(ascii: "\"")] + invalid + [UInt8(ascii: "\"")]
            let (utf8, _) = try JSONText.unescape(text, quoteAt: 0, end: text.count)
            #expect(utf8 == invalid)
            #expect(String(validating: utf8, as: UTF8.self) == nil)
        }
    }
}
