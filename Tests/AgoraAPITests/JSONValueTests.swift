import Foundation
import Testing
@testable import AgoraAPI

@Suite("JSON writing")
struct JSONValueTests {
    @Test func escapesExactlyWhatRFC8259Requires() {
        let value = JSONValue.object([("a\"b", .string("Œuvre \"x\" \\ é\n\t\r\u{01}\u{1F}end")),
                                      ("n", .int(-42)), ("t", .bool(true)), ("z", .null), ("l", .array([]))])
        #expect(value.text == #"{"a\"b":"Œuvre \"x\" \\ é\n\t\r\u0001\u001fend","n":-42,"t":true,"z":null,"l":[]}"#)
        #expect(JSONValue.string("").text == "\"\"")
        #expect(JSONValue.string("\"").text == #""\"""#)
    }

    @Test func roundTripsThroughAParser() throws {
        let texts = ["Stëmm vun der Strooss", "Großherzogliche Polizei", "a\u{0}b", "\\\\\"\"", "😀 emoji", ""]
        let value = JSONValue.array(texts.map { .string($0) })
        let parsed = try JSONSerialization.jsonObject(with: Data(value.bytes)) as? [String]
        #expect(parsed == texts)
    }

    @Test func objectsKeepMemberOrder() {
        var object = JSONObject()
        object.set("z", .int(1))
        object.set("a", .int(2))
        object.setIfPresent("m", nil as String?)
        #expect(object.value.text == #"{"z":1,"a":2}"#)
    }
}
