import AgoraJSON
import Testing

/// The one escaper and the one unescaper (RFC 8259 §7).
@Suite struct JSONTextTests {
    @Test func quoteEscapesQuoteBackslashAndControlCharacters() {
        #expect(JSONText.quote("a\"b\\c\nd\u{1}é") == #""a\"b\\c\nd\u0001é""#)
    }
}
