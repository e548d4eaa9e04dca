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

    /// `tchar` of RFC 9110 §5.6.2: the characters of methods, field names and transfer codings:
    /// ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``, as a 128-bit mask so the hot loops test one bit per byte.
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        inMask(byte, low: 0x03FF_6CFA_0000_0000, high: 0x57FF_FFFF_C7FF_FFFE)
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

    /// Characters of `host [":" port]` (RFC 3986 §3.2.2-3): ALPHA, DIGIT, ``-._~!$&'()*+,;=:[]%``.
    /// No "@": userinfo in an http(s) URI is treated as an error (RFC 9110 §4.2.4).
    @inline(__always)
    static func isAuthorityChar(_ byte: UInt8) -> Bool {
        inMask(byte, low: 0x2FFF_7FF2_0000_0000, high: 0x47FF_FFFE_AFFF_FFFE)
    }

    /// Whether bit `byte` is set in the 128-bit mask `high:low`; bytes from 0x80 are never in it.
    @inline(__always)
    private static func inMask(_ byte: UInt8, low: UInt64, high: UInt64) -> Bool {
        switch byte {
        case 0..<64: (low >> UInt64(byte)) & 1 == 1
        case 64..<128: (high >> UInt64(byte &- 64)) & 1 == 1
        default: false
        }
    }

    /// The value of one hex digit (RFC 5234 HEXDIG, either case), or nil. The parser keeps its own copy of this rule
    /// (AgoraJSON's `HexDigit` is the same) so that `Parsing/` builds alone, as the fuzz target does
    /// (`Tests/Fuzz/run.sh`).
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
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var left = lhs
        var right = rhs
        return left.withUTF8 { leftBytes in
            right.withUTF8 { rightBytes in
                equalsIgnoringCase(UnsafeRawBufferPointer(leftBytes), UnsafeRawBufferPointer(rightBytes))
            }
        }
    }

    /// ASCII case-insensitive equality of two byte strings.
    @inline(__always)
    static func equalsIgnoringCase(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in 0..<lhs.count where lowercased(lhs[index]) != lowercased(rhs[index]) {
            return false
        }
        return true
    }

    /// Whether `bytes` equal `lowercase` (a lower-case ASCII literal), ignoring ASCII case.
    @inline(__always)
    static func equalsIgnoringCase(_ bytes: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        equalsIgnoringCase(bytes, UnsafeRawBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount))
    }
}
