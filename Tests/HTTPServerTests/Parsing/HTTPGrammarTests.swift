// The byte classes behind every syntax rule, checked for all 256 byte values against the RFC's lists.
@testable import HTTPServer
import Testing

@Suite struct HTTPGrammarTests {
    static let alphaDigit = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    @Test func tokenCharactersAreExactlyRFC9110Tchar() {
        let tchar = Self.alphaDigit.union("!#$%&'*+-.^_`|~".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPGrammar.isTokenChar(byte) == tchar.contains(byte), "byte \(byte)")
        }
    }

    @Test func authorityCharactersAreUnreservedSubDelimsAndHostPunctuation() {
        let allowed = Self.alphaDigit.union("-._~!$&'()*+,;=:[]%".utf8)
        for byte in UInt8.min...UInt8.max {
            #expect(HTTPGrammar.isAuthorityChar(byte) == allowed.contains(byte), "byte \(byte)")
        }
    }

    @Test func fieldValueCharactersExcludeControlsButHTAB() {
        for byte in UInt8.min...UInt8.max {
            let expected = byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
            #expect(HTTPGrammar.isFieldValueChar(byte) == expected, "byte \(byte)")
        }
    }

    @Test func listElementsAreTrimmedAndKeepEmptyOnes() {
        let value = Array(" a ,\tb\t,, c".utf8)
        let elements = value.withUnsafeBytes { FieldListElements($0).map { String(decoding: $0, as: UTF8.self) } }
        #expect(elements == ["a", "b", "", "c"])
    }

    /// The word-at-a-time line-end search finds the first LF wherever it sits relative to word boundaries.
    @Test func lineFeedSearchFindsEveryPosition() {
        for length in 0...24 {
            for position in 0...length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                if position < length { bytes[position] = 0x0A }
                for from in 0...min(position, 3) {
                    let found = bytes.withUnsafeBytes { HTTPGrammar.firstLineFeed(in: $0, from: from, to: length) }
                    #expect(found == (position < length ? position : nil), "length \(length) LF at \(position) from \(from)")
                }
            }
        }
    }

    /// The word-at-a-time value check rejects each forbidden byte at every position, and accepts HTAB and
    /// obs-text there.
    @Test func fieldValueCheckSeesEveryPosition() {
        for length in 1...20 {
            for position in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    var bytes = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                    bytes[position] = byte
                    let accepted = bytes.withUnsafeBytes { HTTPGrammar.allFieldValueChars(in: $0, from: 0, to: length) }
                    if accepted != HTTPGrammar.isFieldValueChar(byte) {
                        Issue.record("byte \(byte) at \(position) of \(length): accepted \(accepted)")
                    }
                }
            }
        }
    }
}
