// Hand-written JSON for the high-volume values (registrations and the commands that make them): a
// million of them through Foundation's Codable cost ~37 µs each way, which made recovery take minutes.
// The writer appends bytes; the reader walks bytes. Both cover only what these values need. The reader
// is strict: anything it does not fully understand (an unknown key, a fraction, a malformed escape)
// makes it give up (nil), and the caller falls back to Codable, which then accepts it or reports the
// error. So the fast path can only ever agree with Codable, never differ from it.

/// Appends JSON text to a byte buffer.
struct JSONBytesWriter {
    var bytes: [UInt8] = []

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { string(utf8: $0) }
    }

    /// A JSON string of `utf8` (valid UTF-8, as taken from a `String`).
    mutating func string(utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        do {
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                // Unescaped runs are copied whole; only the byte that needs it is escaped.
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array(#"\u00"#.utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func integer(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // -Int.min does not fit: its magnitude goes digit by digit from the negative value.
            appendDigits(of: UInt(bitPattern: value).magnitudeOfNegative)
        } else {
            appendDigits(of: UInt(value))
        }
    }

    private mutating func appendDigits(of value: UInt) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var remaining = value
        var count = 0
        withUnsafeMutableBytes(of: &scratch) { buffer in
            repeat {
                buffer[23 - count] = UInt8(ascii: "0") + UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0
            bytes.append(contentsOf: buffer[(24 - count)...])
        }
    }

    /// RFC 3339 in UTC, as `Instant`'s Codable form writes it.
    mutating func instant(_ instant: Instant) {
        let local = LocalDateTime(secondsSinceEpochAsIfUTC: instant.secondsSince1970)
        guard (0...9999).contains(local.year) else { return string(instant.rfc3339UTC) }
        bytes.append(UInt8(ascii: "\""))
        pad(local.year, 4)
        bytes.append(UInt8(ascii: "-"))
        pad(local.month, 2)
        bytes.append(UInt8(ascii: "-"))
        pad(local.day, 2)
        bytes.append(UInt8(ascii: "T"))
        pad(local.hour, 2)
        bytes.append(UInt8(ascii: ":"))
        pad(local.minute, 2)
        bytes.append(UInt8(ascii: ":"))
        pad(local.second, 2)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    private mutating func pad(_ value: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
    }

    /// `"key":`, with a comma first unless it is the object's first member.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

private extension UInt {
    /// The magnitude of a negative Int given as its bit pattern (two's complement).
    var magnitudeOfNegative: UInt { ~self &+ 1 }
}

/// Walks JSON text. Every method returns nil (or false) when the input is not what it expects.
struct JSONBytesReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int

    init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace) if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < end, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    var atEnd: Bool {
        mutating get {
            skipWhitespace()
            return position == end
        }
    }

    /// Calls `member` for each key of an object; `member` must read the value. False on any error.
    mutating func object(_ member: (inout JSONBytesReader, JSONKey) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        if consume(UInt8(ascii: "}")) { return true }
        repeat {
            let key: JSONKey
            // A key without escapes is located in the input; the short ones every value here uses are
            // copied inline, so reading a member neither allocates nor retains.
            if let range = plainStringRange() {
                key = JSONKey(input: bytes, range: range)
            } else if let decoded = stringBytes() {
                key = JSONKey(decoded: decoded)
            } else {
                return false
            }
            guard consume(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}"))
    }

    mutating func null() -> Bool {
        skipWhitespace()
        guard position + 4 <= end, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
              bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") else { return false }
        position += 4
        return true
    }

    /// A string or null (an absent optional in Codable's eyes).
    mutating func optionalString() -> String?? {
        if null() { return .some(nil) }
        return string().map { .some($0) }
    }

    mutating func string() -> String? {
        // Most strings hold no escape: validated straight from the input, without an intermediate array.
        if let range = plainStringRange() {
            return bytes.withUnsafeBufferPointer { input in
                let utf8 = UnsafeBufferPointer(rebasing: input[range])
                // ASCII needs no validation (and is most of it); anything else is validated, never repaired.
                for byte in utf8 where byte >= 0x80 { return String(validating: utf8, as: UTF8.self) }
                return String(decoding: utf8, as: UTF8.self)
            }
        }
        guard let utf8 = stringBytes() else { return nil }
        return String(validating: utf8, as: UTF8.self)
    }

    /// The content of the string at the position when it holds no escape (and moves past it); nil,
    /// moving nowhere, otherwise.
    mutating func plainStringRange() -> Range<Int>? {
        let saved = position
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return start..<(position - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            position += 1
        }
        position = saved
        return nil
    }

    /// The decoded UTF-8 bytes of a string (escapes resolved; validity is checked by `string()`).
    mutating func stringBytes() -> [UInt8]? {
        if let range = plainStringRange() { return Array(bytes[range]) }
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var result: [UInt8] = []
        while position < end {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return result
            case UInt8(ascii: "\\"):
                guard position < end else { return nil }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): result.append(escaped)
                case UInt8(ascii: "b"): result.append(0x08)
                case UInt8(ascii: "f"): result.append(0x0C)
                case UInt8(ascii: "n"): result.append(0x0A)
                case UInt8(ascii: "r"): result.append(0x0D)
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    result.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                result.append(byte)
            }
        }
        return nil
    }

    /// After `\u`: four hex digits, or a surrogate pair written as two escapes. A lone surrogate is refused.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let high = hex4() else { return nil }
        if (0xD800..<0xDC00).contains(high) {
            guard position + 2 <= end, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                return nil
            }
            position += 2
            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        }
        return Unicode.Scalar(high)
    }

    private mutating func hex4() -> UInt32? {
        guard position + 4 <= end else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    /// A whole number without fraction or exponent (anything else: nil, and Codable decides).
    mutating func integer() -> Int? {
        skipWhitespace()
        var negative = false
        if position < end, bytes[position] == UInt8(ascii: "-") {
            negative = true
            position += 1
        }
        let start = position
        var value = 0
        while position < end, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") {
            let (times, overflowA) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowB) = times.addingReportingOverflow(Int(bytes[position] - UInt8(ascii: "0")))
            if overflowA || overflowB { return nil }
            value = sum
            position += 1
        }
        guard position > start, position - start == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if position < end, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[position]) { return nil }
        return negative ? -value : value
    }

    /// Steps over one value of any kind, checking only its structure (its content is left to whoever
    /// decodes the returned range). Nil when the structure is broken.
    mutating func skipValue() -> Range<Int>? {
        skipWhitespace()
        let start = position
        guard position < end else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            guard skipString() else { return nil }
        case UInt8(ascii: "{"):
            position += 1
            if !consume(UInt8(ascii: "}")) {
                repeat {
                    skipWhitespace()
                    guard skipString(), consume(UInt8(ascii: ":")), skipValue() != nil else { return nil }
                } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "}")) else { return nil }
            }
        case UInt8(ascii: "["):
            position += 1
            if !consume(UInt8(ascii: "]")) {
                repeat { guard skipValue() != nil else { return nil } } while consume(UInt8(ascii: ","))
                guard consume(UInt8(ascii: "]")) else { return nil }
            }
        default:
            // Numbers and literals: a run of the characters they are made of.
            while position < end, Self.scalarCharacters.contains(bytes[position]) { position += 1 }
            guard position > start else { return nil }
        }
        return start..<position
    }

    /// Steps over a string without building it (escapes are checked by whoever decodes it later).
    mutating func skipString() -> Bool {
        guard position < end, bytes[position] == UInt8(ascii: "\"") else { return false }
        position += 1
        while position < end {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return true
            case UInt8(ascii: "\\"): position += 2
            default: position += 1
            }
        }
        return false
    }

    private static let scalarCharacters = Set("0123456789+-.eEtruefalsn".utf8)

    mutating func instant() -> Instant? {
        guard let text = stringBytes() else { return nil }
        return Instant(rfc3339Bytes: text)
    }

    mutating func optionalInstant() -> Instant?? {
        if null() { return .some(nil) }
        return instant().map { .some($0) }
    }
}

/// An object member's name: its decoded UTF-8 bytes, inline when at most 32 bytes long (every key the
/// hand-written readers look for), else in `overflow`.
struct JSONKey {
    /// Where the key's text lies in the input, when it had no escape (`isInputView`).
    let range: Range<Int>
    let isInputView: Bool
    private var inline: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private let count: Int
    private var overflow: [UInt8]?

    init(input: [UInt8], range: Range<Int>) {
        self.range = range
        self.isInputView = true
        self.count = range.count
        if range.count <= 32 {
            input.withUnsafeBufferPointer { source in
                withUnsafeMutableBytes(of: &inline) { buffer in
                    for index in 0..<range.count { buffer[index] = source[range.lowerBound + index] }
                }
            }
        } else {
            overflow = Array(input[range])
        }
    }

    init(decoded: [UInt8]) {
        self.range = 0..<decoded.count
        self.isInputView = false
        self.count = decoded.count
        overflow = decoded
    }

    /// Whether the key's bytes are `expected`.
    func equals(_ expected: UnsafeBufferPointer<UInt8>) -> Bool {
        guard expected.count == count else { return false }
        if let overflow { return overflow.elementsEqual(expected) }
        return withUnsafeBytes(of: inline) { buffer in
            for index in 0..<count where buffer[index] != expected[index] { return false }
            return true
        }
    }
}

/// Lets `switch key { case "name": … }` match a key's bytes against a literal without allocating.
func ~= (pattern: StaticString, value: JSONKey) -> Bool {
    value.equals(UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount))
}
