/// One hexadecimal digit's value, either case (RFC 5234 `HEXDIG`; JSON's `\uXXXX`, RFC 8259 §7; HTTP's chunk sizes
/// and percent-encoding, RFC 9112 §7.1 and RFC 3986 §2.1). The one copy of the rule for every module that parses text.
public enum HexDigit {
    @inlinable
    public static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }
}
