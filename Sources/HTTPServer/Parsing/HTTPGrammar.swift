// Byte classes of the HTTP grammar (RFC 9110 §5.6, RFC 3986 §2-3), as switches over single bytes so the
// parser's hot loops never allocate or build strings.

/// The character classes the parser needs, one byte at a time.
enum HTTPGrammar {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let sp: UInt8 = 0x20
    static let htab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let semicolon: UInt8 = 0x3B
    static let slash: UInt8 = 0x2F
    static let question: UInt8 = 0x3F
    static let percent: UInt8 = 0x25
    static let comma: UInt8 = 0x2C

    /// `tchar` of RFC 9110 §5.6.2: the characters of methods, field names and transfer codings.
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `field-vchar` plus SP and HTAB (RFC 9110 §5.5): visible ASCII, obs-text (0x80-0xFF) and blanks.
    /// Every other control character, NUL and DEL included, is rejected.
    @inline(__always)
    static func isFieldValueChar(_ byte: UInt8) -> Bool {
        byte == htab || (byte >= sp && byte != 0x7F)
    }

    /// Bytes allowed in a request-target before percent-decoding: visible ASCII except `#` (a fragment is
    /// never sent, RFC 9112 §3.2). Deliberately more lenient than RFC 3986 `pchar` for characters such as
    /// `|` or `{` that real clients send unescaped; they cannot change how a path splits.
    @inline(__always)
    static func isTargetChar(_ byte: UInt8) -> Bool {
        byte > sp && byte < 0x7F && byte != UInt8(ascii: "#")
    }

    /// Characters of `host [":" port]` (RFC 3986 §3.2.2-3): unreserved, sub-delims, ":", "[", "]" and "%".
    /// No "@": userinfo in an http(s) URI is treated as an error (RFC 9110 §4.2.4).
    @inline(__always)
    static func isAuthorityChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "!"),
             UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="),
             UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "%"):
            return true
        default:
            return false
        }
    }

    /// The value of one hex digit (RFC 5234 HEXDIG, either case), or nil.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }

    /// ASCII case-insensitive equality: field names and tokens compare this way (RFC 9110 §5.1),
    /// without the Unicode rules (and allocations) of `lowercased()`.
    static func equalsIgnoringCase(_ lhs: String, _ rhs: String) -> Bool {
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case let (a?, b?) where lowercased(a) == lowercased(b): continue
            default: return false
            }
        }
    }

    /// Splits a field value that is a comma-separated list (RFC 9110 §5.6.1) into its elements, trimmed of
    /// OWS; empty elements are dropped, as a recipient must accept and ignore them.
    static func listElements(_ value: String) -> [Substring] {
        value.split(separator: ",", omittingEmptySubsequences: false)
            .map { trimmed($0) }
            .filter { !$0.isEmpty }
    }

    /// `s` without leading and trailing SP/HTAB (OWS, RFC 9110 §5.6.3).
    static func trimmed(_ s: Substring) -> Substring {
        var result = s
        while let first = result.utf8.first, first == sp || first == htab { result = result.dropFirst() }
        while let last = result.utf8.last, last == sp || last == htab { result = result.dropLast() }
        return result
    }
}
