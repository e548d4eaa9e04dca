import FoundationEssentials

/// The rule every hand-written fast path follows, in one place: the fast reader (`JSONReader`) is strict and
/// gives up (nil) on anything it does not fully understand; Codable then decides, accepting the text or
/// reporting the error. A fast writer may decline a value (nil) and Codable writes it instead. So what the
/// fast paths read and write can only ever agree with Codable.
public enum CodableFallback {
    /// `fastPath(bytes, range)`, or `JSONDecoder` when it gives nil. Errors the fast path throws (a part it
    /// handed to Codable itself did not decode) are reported as they are.
    public static func decode<Value: Decodable>(
        _ type: Value.Type, from bytes: [UInt8], range: Range<Int>,
        fastPath: ([UInt8], Range<Int>) throws -> Value?
    ) throws -> Value {
        if let value = try fastPath(bytes, range) { return value }
        return try JSONDecoder().decode(Value.self, from: Data(bytes[range]))
    }

    /// `fastPath(value)`, or `JSONEncoder` (with sorted keys when asked: the same value then always gives the
    /// same bytes) when it gives nil.
    public static func encode<Value: Encodable>(
        _ value: Value, sortedKeys: Bool = false, fastPath: (Value) -> [UInt8]?
    ) throws -> [UInt8] {
        if let bytes = fastPath(value) { return bytes }
        return try encodeWithCodable(value, sortedKeys: sortedKeys)
    }

    /// What the fallback writes: `JSONEncoder`'s bytes.
    public static func encodeWithCodable<Value: Encodable>(_ value: Value, sortedKeys: Bool = false) throws -> [UInt8] {
        let encoder = JSONEncoder()
        if sortedKeys { encoder.outputFormatting = [.sortedKeys] }
        return Array(try encoder.encode(value))
    }
}
