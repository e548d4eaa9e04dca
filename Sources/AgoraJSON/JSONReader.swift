/// The fast reader: walks JSON bytes for hand-written decoders of high-volume values (a million registrations
/// through Foundation's Codable cost ~37 µs each way, which made recovery take minutes). It is strict and
/// says nothing about why it stops: every method returns nil (or false) when the input is not exactly what it
/// expects (an unknown key, a fraction, a malformed escape), and the caller falls back to Codable
/// (`CodableFallback`), which then accepts the text or reports the error. So a fast path can only ever
/// agree with Codable, never differ from it. For bodies that need line and column, see `JSONParser`.
///
/// The methods are `@inlinable` so a decoder in another module gets them specialised and inlined.
public struct JSONReader {
    public let bytes: [UInt8]
    public var position: Int
    public let end: Int

    @inlinable
    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    @inlinable
    public mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace) if it is next.
    @inlinable
    public mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard position < end, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// Whether only whitespace is left.
    @inlinable
    public var atEnd: Bool {
        mutating get {
            skipWhitespace()
            return position == end
        }
    }

    /// Calls `member` for each key of an object; `member` must read the value. False on any error.
    @inlinable
    public mutating func object(_ member: (inout JSONReader, JSONKey) -> Bool) -> Bool {
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

    @inlinable
    public mutating func null() -> Bool {
        skipWhitespace()
        guard position + 4 <= end, bytes[position] == UInt8(ascii: "n"), bytes[position + 1] == UInt8(ascii: "u"),
              bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") else { return false }
        position += 4
        return true
    }

    /// A string or null (an absent optional in Codable's eyes).
    @inlinable
    public mutating func optionalString() -> String?? {
        if null() { return .some(nil) }
        return string().map { .some($0) }
    }

    @inlinable
    public mutating func string() -> String? {
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
    @inlinable
    public mutating func plainStringRange() -> Range<Int>? {
        let saved = position
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = position, limit = end
        // Through a pointer: the snapshot load locates every key this way on one thread, and an array subscript
        // pays a bounds check per byte (2.4–3.4 % of a snapshot load's samples were these scans).
        let closing: Int? = bytes.withUnsafeBufferPointer { input in
            var index = start
            while index < limit {
                let byte = input[index]
                if byte == UInt8(ascii: "\"") { return index }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                index += 1
            }
            return nil
        }
        guard let closing else {
            position = saved
            return nil
        }
        position = closing + 1
        return start..<closing
    }

    /// The decoded UTF-8 bytes of a string (escapes resolved by `JSONText.unescape`; validity is checked by
    /// `string()`).
    @inlinable
    public mutating func stringBytes() -> [UInt8]? {
        if let range = plainStringRange() { return Array(bytes[range]) }
        skipWhitespace()
        guard position < end, bytes[position] == UInt8(ascii: "\""),
              let (utf8, next) = try? JSONText.unescape(bytes, quoteAt: position, end: end) else { return nil }
        position = next
        return utf8
    }

    /// A whole number without fraction or exponent that fits in an `Int` (anything else: nil, and Codable decides).
    @inlinable
    public mutating func integer() -> Int? {
        skipWhitespace()
        guard let (next, isInteger) = try? JSONNumber.scan(bytes, from: position, end: end), isInteger,
              let value = JSONNumber.integer(bytes, position..<next) else { return nil }
        position = next
        return value
    }
}
