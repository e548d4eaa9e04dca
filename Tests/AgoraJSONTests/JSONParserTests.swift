import AgoraJSON
import Foundation
import Testing

/// The strict parser: what it accepts, and the line, column and message of what it refuses.
@Suite struct JSONParserTests {
    private func error(_ text: String) -> JSONParser.SyntaxError? {
        error(Array(text.utf8))
    }

    private func error(_ bytes: [UInt8]) -> JSONParser.SyntaxError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesEveryKindOfValueAndWritesItBack() throws {
        let text = "\u{FEFF}" + #" {"s": "é\n\ud83d\ude00\/", "n": [0, -1.5e+3, 12E-2], "b": [true, false], "z": null, "o": {}} "#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["s"] == .string("é\n😀/"))
        #expect(value["n"] == .array([.number("0"), .number("-1.5e+3"), .number("12E-2")]))
        #expect(value["b"] == .array([.bool(true), .bool(false)]))
        #expect(value["z"] == .null && value["o"] == .object([]))
        #expect(try JSONParser.parse(value.bytes) == value)
        #expect(String(decoding: value.bytes, as: UTF8.self)
            == #"{"s":"é\n😀/","n":[0,-1.5e+3,12E-2],"b":[true,false],"z":null,"o":{}}"#)
    }

    @Test func hostileStringsRoundTrip() throws {
        let value = JSONInput.array(JSONTextTests.hostileStrings.map { .string($0) })
        #expect(try JSONParser.parse(value.bytes) == value)
        #expect(try JSONSerialization.jsonObject(with: Data(value.bytes)) as? [String] == JSONTextTests.hostileStrings)
    }

    /// Line and column are 1-based, the column counted in characters (é and 😀 are one each).
    @Test func reportsWhereAndWhat() {
        let cases: [(String, Int, Int, String)] = [
            ("{\n  \"a\": tru\n}", 2, 8, "invalid literal, expected true"),
            ("[1,\n 2,\n é]", 3, 2, "unexpected character byte 0xc3, expected a value"),
            (#"{"é😀": "x", "é😀": 1}"#, 1, 13, #"duplicate member name "é😀""#),
            (#"["a\x"]"#, 1, 4, #"invalid escape \x"#),
            (#"["\u12z4"]"#, 1, 7, #"expected 4 hex digits after \u"#),
            (#"["\ud83d"]"#, 1, 9, #"unpaired surrogate in \u escape"#),
            ("[\"a\u{1}\"]", 1, 4, "control character in a string (escape it)"),
            (#"["abc"#, 1, 6, "unexpected end of the body inside a string"),
            ("[-]", 1, 3, "expected a digit"),
            ("[1.]", 1, 4, "expected a digit after '.'"),
            ("[1e+]", 1, 5, "expected a digit in the exponent"),
            ("[01]", 1, 3, "expected ',' or ']'"),
            ("{\"a\" 1}", 1, 6, "expected ':' after a member name"),
            ("{1: 2}", 1, 2, "expected a member name in double quotes"),
            ("[1, 2", 1, 6, "unexpected end of the body, expected ']'"),
            ("", 1, 1, "unexpected end of the body, expected a value"),
            ("{} {}", 1, 4, "unexpected content after the JSON value"),
        ]
        for (text, line, column, message) in cases {
            #expect(error(text) == JSONParser.SyntaxError(line: line, column: column, message: message), "\(text)")
        }
    }

    @Test func refusesStringsThatAreNotUTF8() {
        let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        #expect(error(bytes) == JSONParser.SyntaxError(line: 1, column: 10, message: "string is not valid UTF-8"))
    }

    @Test func nestingIsBounded() throws {
        let depth = JSONParser.maximumDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try JSONParser.parse(Array(deepest.utf8)) }
        let tooDeep = String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1)
        #expect(error(tooDeep)?.message == "nested deeper than \(depth) levels")
        // A hostile body far deeper than the bound is refused at the bound, not by exhausting the stack.
        #expect(error(String(repeating: "[{\"a\":", count: 100_000))?.column == 3 * depth + 1)
    }

    /// Fed a byte more at a time, every proper prefix of a document is an error within what was given.
    @Test func everyPrefixFailsAtItsEnd() throws {
        let document = Array("{\"a\": [1, -2.5e3, true, null, \"é\\u00e9\\n\"],\n \"b\": {\"c\": false}}".utf8)
        #expect(throws: Never.self) { try JSONParser.parse(document) }
        for end in 0..<document.count {
            let prefix = Array(document[..<end])
            let failure = try #require(error(prefix), "prefix of \(end) bytes")
            let lines = prefix.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            let lastLine = String(decoding: lines.last ?? [], as: UTF8.self)
            // Where a literal or an escape is cut, the parser points at its start; otherwise at the end.
            #expect(failure.line <= lines.count, "prefix of \(end) bytes: \(failure)")
            #expect(failure.line < lines.count || failure.column <= lastLine.count + 1, "prefix of \(end) bytes: \(failure)")
        }
    }
}
