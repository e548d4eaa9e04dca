import AgoraJSON
import Foundation
import Testing

/// The fast reader: reads exactly what it understands, and gives up (nil) on everything else.
@Suite struct JSONReaderTests {
    private static func reader(_ text: String) -> JSONReader {
        let bytes = Array(text.utf8)
        return JSONReader(bytes, range: 0..<bytes.count)
    }

    @Test func readsWhatTheWriterWrites() {
        for text in JSONTextTests.hostileStrings {
            var writer = JSONWriter()
            writer.raw("{")
            writer.key("s", first: true)
            writer.string(text)
            writer.key("n")
            writer.integer(-42)
            writer.key("o")
            writer.null()
            writer.raw("}")
            var reader = JSONReader(writer.bytes, range: 0..<writer.bytes.count)
            var string: String?, number: Int?, optional: String??
            let read = reader.object { reader, key in
                switch key {
                case "s": string = reader.string(); return string != nil
                case "n": number = reader.integer(); return number != nil
                case "o": optional = reader.optionalString(); return optional != nil
                default: return false
                }
            }
            let atEnd = reader.atEnd
            #expect(read && atEnd)
            #expect(string == text && number == -42 && optional == .some(nil))
        }
    }

    @Test func keysWithEscapesAndLongKeysMatchTheirLiterals() {
        var reader = Self.reader(#" { "\u0061bc" : 1 , "a_key_that_is_longer_than_thirty_two_bytes" : 2 } "#)
        var seen: [Int] = []
        let read = reader.object { reader, key in
            switch key {
            case "abc": seen.append(reader.integer() ?? -1); return !key.isInputView
            case "a_key_that_is_longer_than_thirty_two_bytes": seen.append(reader.integer() ?? -1); return key.isInputView
            default: return false
            }
        }
        let atEnd = reader.atEnd
        #expect(read && atEnd && seen == [1, 2])
    }

    @Test func integersOnlyWholeAndInRange() {
        let accepted: [(String, Int)] = [("0", 0), ("-0", 0), ("7", 7), ("-12", -12), ("9223372036854775807", Int.max),
                                         ("-9223372036854775808", Int.min), (" 5", 5)]
        for (text, value) in accepted {
            var reader = Self.reader(text)
            let read = reader.integer()
            let atEnd = reader.atEnd
            #expect(read == value && atEnd, "\(text)")
        }
        for text in ["1.5", "1e3", "1E3", "-", "", "+1", "9223372036854775808", "-9223372036854775809", "x", "1.", ".5"] {
            var reader = Self.reader(text)
            let read = reader.integer()
            #expect(read == nil, "\(text)")
        }
        // A leading zero ends the number: what follows is not part of it, so the caller refuses the text.
        var leadingZero = Self.reader("01")
        let zero = leadingZero.integer()
        let atEnd = leadingZero.atEnd
        #expect(zero == 0 && !atEnd)
    }

    @Test func stringsThatAreNotValidAreRefused() {
        var invalid = [UInt8](#""ab""#.utf8)
        invalid[1] = 0xFF
        var reader = JSONReader(invalid, range: 0..<invalid.count)
        let string = reader.string()
        #expect(string == nil)
        for text in [#""\ud83d""#, #""a\qb""#, "\"tab\there\"", #""open"#, "null", "1"] {
            var reader = Self.reader(text)
            let string = reader.string()
            #expect(string == nil, "\(text)")
        }
        var null = Self.reader("null")
        let absent = null.optionalString()
        #expect(absent == .some(nil))
    }

    @Test func skipValueStepsOverAnyStructureAndRefusesBrokenOnes() {
        let value = #"{"a":[1,-2.5e3,true,false,null,{"b":"\"}\\"}],"c":{}}"#
        var reader = Self.reader(value + " ,")
        let skipped = reader.skipValue()
        #expect(skipped == 0..<value.utf8.count)
        for broken in [#"{"a":1"#, #"[1,2"#, #"{"a"}"#, #""open"#, "", "]", #"{"a":}"#] {
            var reader = Self.reader(broken)
            let skipped = reader.skipValue()
            #expect(skipped == nil, "\(broken)")
        }
    }

    /// Every proper prefix of a document is refused, never read as something shorter.
    @Test func everyPrefixOfADocumentIsRefused() {
        let document = Array(#"{"s":"é\n\u00e9😀","n":123,"o":null}"#.utf8)
        for end in 0..<document.count {
            var reader = JSONReader(document, range: 0..<end)
            let read = reader.object { reader, key in
                switch key {
                case "s": reader.string() != nil
                case "n": reader.integer() != nil
                case "o": reader.optionalString() != nil
                default: false
                }
            }
            let atEnd = reader.atEnd
            #expect(!(read && atEnd), "prefix of \(end) bytes")
        }
    }

    /// `skipString` steps eight bytes at a time while none is a quote or a backslash: wherever the closing quote or an
    /// escape falls (every offset across the words, every start alignment, a range ending inside the string), it
    /// stops where a byte-by-byte scan does.
    @Test func skipStringStopsWhereTheByteByByteScanDoesWhereverTheQuoteFalls() {
        func reference(_ bytes: [UInt8], from start: Int, end: Int) -> Int? {
            var index = start + 1
            while index < end {
                if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            return nil
        }
        for lead in 0..<9 {
            for length in 0..<40 {
                for escape in [-1, 0, 7, 8, 15, length - 1] where escape < length {
                    var content = Array(repeating: UInt8(ascii: "x"), count: length)
                    if escape >= 0 {
                        content[escape] = UInt8(ascii: "\\")
                        if escape + 1 < length { content[escape + 1] = UInt8(ascii: "\"") }
                    }
                    let bytes = Array(repeating: UInt8(ascii: " "), count: lead) + [UInt8(ascii: "\"")] + content
                        + [UInt8(ascii: "\"")] + Array("tail\"".utf8)
                    for end in [bytes.count, lead + 1 + length, lead + 1 + length / 2] {
                        var reader = JSONReader(bytes, range: lead..<end)
                        let expected = reference(bytes, from: lead, end: end)
                        #expect(reader.skipString() == (expected != nil), "lead \(lead), length \(length), escape \(escape), end \(end)")
                        if let expected { #expect(reader.position == expected) }
                    }
                }
            }
        }
    }
}
