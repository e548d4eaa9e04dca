/// XML 1.0 character data and attribute values from arbitrary text.
///
/// - `&` and `<` are always escaped (§2.4); `>` too, so `]]>` can never appear in content (§2.4).
/// - In attribute values also `"` (the writer quotes with it), and tab, line feed and carriage return as character
///   references: a parser normalises literal ones to spaces (§3.3.3), which would change the value.
/// - A carriage return in content is written `&#13;`, since a literal one is turned into a line feed (§2.11).
/// - Characters XML 1.0 forbids altogether (§2.2 `Char`: C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) cannot
///   be written even as references; they become U+FFFD, the replacement character, instead of breaking the document.
public enum XMLText {
    public static func appendEscaped(_ text: String, inAttribute: Bool, to out: inout [UInt8]) {
        // Every byte that needs escaping is ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte sequence, so
        // a walk over bytes copies accented letters through untouched; only U+FFFE and U+FFFF (EF BF BE, EF BF BF)
        // need a look at three bytes.
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            let byte = utf8[index]
            index += 1
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22 where inAttribute: out.append(contentsOf: "&quot;".utf8)
            case 0x09 where inAttribute: out.append(contentsOf: "&#9;".utf8)
            case 0x0A where inAttribute: out.append(contentsOf: "&#10;".utf8)
            case 0x0D: out.append(contentsOf: "&#13;".utf8)
            case 0x09, 0x0A: out.append(byte)
            case 0x00..<0x20: out.append(contentsOf: replacement)
            case 0xEF where index + 1 < utf8.count && utf8[index] == 0xBF && utf8[index + 1] >= 0xBE:
                out.append(contentsOf: replacement)
                index += 2
            default: out.append(byte)
            }
        }
    }

    /// U+FFFD in UTF-8.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// `text` escaped, as a String (for tests and small values).
    public static func escaped(_ text: String, inAttribute: Bool) -> String {
        var out: [UInt8] = []
        appendEscaped(text, inAttribute: inAttribute, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
