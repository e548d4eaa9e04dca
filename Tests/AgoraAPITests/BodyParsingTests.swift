import AgoraJSON
@testable import AgoraAPI
import HTTPServer
import Testing

/// The JSON parser's positions, strictness and the merge-patch rules (RFC 7396 §3's examples).
@Suite struct BodyParsingTests {
    private func syntaxError(_ text: String) -> JSONParser.SyntaxError? {
        do {
            _ = try JSONParser.parse(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func reportsLineAndColumnOfTheFirstBadByte() {
        let error = syntaxError("{\n  \"name\": \"Caritas\",\n  \"kind\": oops\n}")
        #expect(error?.line == 3)
        #expect(error?.column == 11)
        #expect(syntaxError("{\"a\": 1,}")?.column == 9)
        // Columns count characters, not bytes: "é" is one.
        #expect(syntaxError("{\"é\": tru}")?.column == 7)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\\x\"", "{\"a\":1,\"a\":2}", "[1] 2", "\"\u{1}\"",
                      "\"\\ud800\"", "nul"])
    func refusesMalformedJSON(_ text: String) {
        #expect(syntaxError(text) != nil)
    }

    @Test func parsesWhatItShould() throws {
        let value = try JSONParser.parse(Array(#"{"a": [1, -2.5e3, true, null], "b": "\u00e9\ud83d\ude00\n"}"#.utf8))
        #expect(value["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .null]))
        #expect(value["b"] == .string("é😀\n"))
        #expect(try JSONParser.parse(value.bytes) == value)
    }

    @Test func refusesDeepNesting() {
        #expect(syntaxError(String(repeating: "[", count: 100_000)) != nil)
    }

    private func patched(_ target: String, _ patch: String) throws -> JSONInput {
        MergePatch.apply(try JSONParser.parse(Array(patch.utf8)), to: try JSONParser.parse(Array(target.utf8)))
    }

    /// RFC 7396 Appendix A.
    @Test(arguments: [
        (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        (#"{"a":"b"}"#, #"{"a":null}"#, #"{}"#),
        (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
        (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        (#"{"a":"foo"}"#, #"null"#, #"null"#),
        (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
        (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
        (#"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        (#"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
    ])
    func mergePatchFollowsRFC7396(_ target: String, _ patch: String, _ result: String) throws {
        #expect(try patched(target, patch) == JSONParser.parse(Array(result.utf8)))
    }

    @Test func malformedBodyProblemNamesLineAndColumn() {
        let response = BodyProblem.malformed(line: 3, column: 11, message: "x").problem.response
        #expect(response.status.code == 400)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text.contains("line 3, column 11"))
        #expect(text.contains("\"line\":3"))
    }
}
