/// Text made safe for HTML (WHATWG HTML §13.1): every string from the domain — titles, names, an organiser's typo or
/// a hostile `<script>` in a partner's name — goes through here before it reaches a page, so it is shown as text and
/// never read as markup.
public enum HTMLText {
    /// For text content and for attribute values in double quotes: `&`, `<`, `>`, `"` and `'` as character
    /// references. Quoting `'` too means the result is safe in either kind of quotes.
    public static func escaped(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            // Controls other than tab and newlines are not allowed in HTML text (§13.1.4, "control characters").
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{7F}": result += "\u{FFFD}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// JSON bytes made safe inside `<script type="application/ld+json">` (HTML §4.12.1.3, "restrictions for contents
    /// of script elements"): a `<` could end the element (`</script>`) or open a comment (`<!--`), so `<`, `>` and
    /// `&` become the JSON escapes `\u003c`, `\u003e`, `\u0026`. Only ever inside JSON strings (JSON has these
    /// characters nowhere else), so the document parses to the same value.
    public static func scriptData(_ json: [UInt8]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(json.count + 16)
        for byte in json {
            switch byte {
            case UInt8(ascii: "<"): bytes += Array("\\u003c".utf8)
            case UInt8(ascii: ">"): bytes += Array("\\u003e".utf8)
            case UInt8(ascii: "&"): bytes += Array("\\u0026".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
