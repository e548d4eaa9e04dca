/// The strict reader (RFC 8259) that says where it stopped: a malformed request body is answered 400 with the
/// line and column of the first bad byte, which is what a person fixing a hand-written
/// `curl -d @event.json` needs. Depth is bounded so a hostile `[[[[…` cannot exhaust the stack. Strings are
/// unescaped by `JSONText.unescape` and numbers scanned by `JSONNumber.scan`, as the fast `JSONReader` does.
public struct JSONParser {
    public struct SyntaxError: Error, Equatable, Sendable {
        public var line: Int
        public var column: Int
        public var message: String

        public init(line: Int, column: Int, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }
    }

    public static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    public static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONInput {
        var parser = JSONParser(bytes: bytes)
        // RFC 8259 §8.1: a leading byte order mark may be ignored.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        if parser.index < bytes.count { throw parser.error("unexpected content after the JSON value") }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    /// Line and column (1-based, column counted in characters) of `index`.
    private func error(_ message: String, at position: Int? = nil) -> SyntaxError {
        let end = min(position ?? index, bytes.count)
        var line = 1
        var lineStart = 0
        for offset in 0..<end where bytes[offset] == UInt8(ascii: "\n") {
            line += 1
            lineStart = offset + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
        return SyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func value() throws(SyntaxError) -> JSONInput {
        guard let byte = current else { throw error("unexpected end of the body, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try container(object: true)
        case UInt8(ascii: "["): return try container(object: false)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("unexpected character \(Self.describe(byte)), expected a value")
        }
    }

    private mutating func literal(_ word: String) throws(SyntaxError) {
        let start = index
        for expected in word.utf8 {
            guard current == expected else { throw error("invalid literal, expected \(word)", at: start) }
            index += 1
        }
    }

    private mutating func container(object: Bool) throws(SyntaxError) -> JSONInput {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw error("nested deeper than \(Self.maximumDepth) levels") }
        let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        skipWhitespace()
        var members: [(key: String, value: JSONInput)] = []
        var items: [JSONInput] = []
        if current == close {
            index += 1
            return object ? .object([]) : .array([])
        }
        while true {
            if object {
                guard current == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes") }
                let keyStart = index
                let key = try string()
                if members.contains(where: { $0.key == key }) {
                    // RFC 8259 §4 leaves duplicates' meaning open; refusing them avoids silent guessing.
                    throw error("duplicate member name \(JSONText.quote(key))", at: keyStart)
                }
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
                index += 1
                skipWhitespace()
                members.append((key, try value()))
            } else {
                items.append(try value())
            }
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                index += 1
                skipWhitespace()
                continue
            }
            if current == close {
                index += 1
                return object ? .object(members) : .array(items)
            }
            if current == nil { throw error("unexpected end of the body, expected '\(Character(Unicode.Scalar(close)))'") }
            throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
        }
    }

    private mutating func string() throws(SyntaxError) -> String {
        let utf8: [UInt8]
        do {
            (utf8, index) = try JSONText.unescape(bytes, quoteAt: index, end: bytes.count)
        } catch {
            throw self.error(message(error), at: error.position)
        }
        guard let text = String(validating: utf8, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return text
    }

    private func message(_ error: JSONText.StringError) -> String {
        switch error.reason {
        case .unterminated: "unexpected end of the body inside a string"
        case .controlCharacter: "control character in a string (escape it)"
        case .invalidEscape: "invalid escape \\\(Character(Unicode.Scalar(bytes[error.position + 1])))"
        case .invalidHexDigits: "expected 4 hex digits after \\u"
        case .unpairedSurrogate: "unpaired surrogate in \\u escape"
        }
    }

    private mutating func number() throws(SyntaxError) -> String {
        let start = index
        do {
            index = try JSONNumber.scan(bytes, from: index, end: bytes.count).next
        } catch {
            let message = switch error.reason {
            case .expectedDigit: "expected a digit"
            case .expectedFractionDigit: "expected a digit after '.'"
            case .expectedExponentDigit: "expected a digit in the exponent"
            }
            throw self.error(message, at: error.position)
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func describe(_ byte: UInt8) -> String {
        byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
