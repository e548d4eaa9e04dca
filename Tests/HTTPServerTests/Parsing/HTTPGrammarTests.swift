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
}
