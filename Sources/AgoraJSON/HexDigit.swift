/// One hexadecimal digit's value, either case (RFC 5234 `HEXDIG`; JSON's `\uXXXX`, RFC 8259 §7). The engine's request
/// parser keeps its own copy (`HTTPGrammar.hexValue`) so that it builds alone for the fuzzer.
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
