/// RFC 2047 encoded-words: a header value that is not printable ASCII becomes `=?utf-8?B?…?=` words of at most 75
/// characters (§2), split between whole UTF-8 characters (§5 rule 3), folded onto continuation lines (RFC 5322 §2.2.3).
enum EncodedWord {
    static func header(_ value: String) -> String {
        let clean = Self.unfolded(value)
        if clean.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) { return clean }
        return words(clean).joined(separator: "\r\n ")
    }

    /// A display name: plain when it is an RFC 5322 atom sequence, quoted when ASCII, encoded otherwise.
    static func phrase(_ value: String) -> String {
        let clean = Self.unfolded(value)
        guard clean.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) else { return words(clean).joined(separator: "\r\n ") }
        let escaped = clean.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
        return "\"\(escaped)\""
    }

    /// CR and LF become spaces, scalar by scalar (a CRLF is one Swift Character, so comparing Characters misses it):
    /// a value can never end the header line it is in (no header injection through a subject or a name).
    static func unfolded(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars { scalars.append(scalar == "\r" || scalar == "\n" ? " " : scalar) }
        return String(scalars)
    }

    /// 45 bytes of UTF-8 at most per word: base64 of 45 bytes is 60 characters, plus `=?utf-8?B?` and `?=`, 72.
    private static func words(_ value: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in value {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 45 {
                words.append("=?utf-8?B?" + Base64.encode(chunk) + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?utf-8?B?" + Base64.encode(chunk) + "?=") }
        return words
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        for character in self { if character == target { result += replacement } else { result.append(character) } }
        return result
    }
}
