import AgoraJSON
import Foundation
import Testing

@Suite struct JSONWriterTests {
    @Test func integersAreWrittenAsSwiftPrintsThem() {
        for value in [0, 1, -1, 9, 10, -10, 99, 100, 1_234_567_890, Int.max, Int.min, Int.min + 1] {
            var writer = JSONWriter()
            writer.integer(value)
            #expect(writer.bytes == Array(String(value).utf8))
        }
    }

    @Test func objectsAndArraysKeepTheOrderTheyAreWrittenIn() throws {
        var writer = JSONWriter()
        let members: [(String, Int)] = [("z", 1), ("a\"", 2), ("m", 3)]
        writer.object(members, name: \.0) { writer, member in writer.integer(member.1) }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"z":1,"a\"":2,"m":3}"#)

        var nested = JSONWriter()
        nested.array([[Int](), [1], [2, 3]]) { writer, items in
            writer.array(items) { writer, item in writer.integer(item) }
        }
        #expect(String(decoding: nested.bytes, as: UTF8.self) == "[[],[1],[2,3]]")

        var literals = JSONWriter()
        literals.raw("{")
        literals.key("t", first: true)
        literals.bool(true)
        literals.key("f")
        literals.bool(false)
        literals.key("n")
        literals.null()
        literals.key("e")
        literals.encoded(Array(#"{"pre":"encoded"}"#.utf8))
        literals.raw("}")
        let object = try JSONSerialization.jsonObject(with: Data(literals.bytes)) as? [String: Any]
        #expect(object?["t"] as? Bool == true && object?["f"] as? Bool == false && object?["n"] is NSNull)
        #expect((object?["e"] as? [String: String]) == ["pre": "encoded"])
    }

    @Test func appendingKeepsWhatTheBufferHeld() {
        var out = Array("prefix:".utf8)
        JSONWriter.appending(to: &out) { writer in writer.string("é\n") }
        #expect(String(decoding: out, as: UTF8.self) == #"prefix:"é\n""#)
    }

    @Test func stringsFromUTF8BuffersMatchStringsFromStrings() {
        for text in JSONTextTests.hostileStrings {
            var fromString = JSONWriter()
            fromString.string(text)
            var fromBuffer = JSONWriter()
            var copy = text
            copy.withUTF8 { fromBuffer.string(utf8: $0) }
            #expect(fromString.bytes == fromBuffer.bytes)
            #expect(fromString.bytes == Array(JSONText.quote(text).utf8))
        }
    }
}
