// The one JSON unescaper (RFC 8259 §7): the strict parser and the fast reader both read strings with it, the
// parser turning its errors into line and column, the reader into nil.

extension JSONText {
    /// What is wrong with a string's text, and the index of the byte where it goes wrong.
    public struct StringError: Error, Equatable, Sendable {
        public enum Reason: Equatable, Sendable {
            /// The input ends before the closing quote.
            case unterminated
            /// An unescaped control character (§7: U+0000 to U+001F must be escaped).
            case controlCharacter
            /// A backslash followed by something other than `"\/bfnrtu` (the position is the backslash's).
            case invalidEscape
            /// `\u` not followed by four hex digits.
            case invalidHexDigits
            /// A high surrogate without a low one after it, or a low one alone.
            case unpairedSurrogate
        }

        public var reason: Reason
        public var position: Int

        public init(reason: Reason, position: Int) {
            self.reason = reason
            self.position = position
        }
    }

    /// Reads the string whose opening quote is at `start` in `bytes[..<end]`: its bytes with every escape
    /// resolved (surrogate pairs joined; UTF-8 validity is left to the caller, who makes a `String` of them),
    /// and the index after the closing quote.
    public static func unescape(_ bytes: [UInt8], quoteAt start: Int, end: Int) throws(StringError) -> (utf8: [UInt8], next: Int) {
        var out: [UInt8] = []
        var index = start + 1
        func hex4() throws(StringError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard index < end, let digit = HexDigit.value(bytes[index]) else {
                    throw StringError(reason: .invalidHexDigits, position: index)
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
        while index < end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                return (out, index + 1)
            case UInt8(ascii: "\\"):
                guard index + 1 < end else { throw StringError(reason: .unterminated, position: end) }
                let escape = bytes[index + 1]
                index += 2
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var value = try hex4()
                    if (0xD800..<0xDC00).contains(value) {
                        guard index + 1 < end, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw StringError(reason: .unpairedSurrogate, position: index)
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw StringError(reason: .unpairedSurrogate, position: index) }
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(value) else { throw StringError(reason: .unpairedSurrogate, position: index) }
                    UTF8.encode(scalar) { out.append($0) }
                default:
                    throw StringError(reason: .invalidEscape, position: index - 2)
                }
            case 0..<0x20:
                throw StringError(reason: .controlCharacter, position: index)
            default:
                out.append(byte)
                index += 1
            }
        }
        throw StringError(reason: .unterminated, position: end)
    }
}
