// The API's JSON, written by hand into bytes: representations build a small tree whose object members keep the
// order they were added in, so a body (and the ETag hashed from it) is the same byte for byte on every run —
// JSONEncoder's dictionary-backed containers would need `.sortedKeys` and Foundation's number formatting.
// RFC 8259: UTF-8, strings escaped per §7, integers, and decimals written by their owner in fixed point (coordinates). The bytes come
// from the JSON toolkit's writer (`AgoraJSON.JSONWriter`), which escapes strings the one way every module does.
import AgoraJSON

/// A JSON value whose objects keep member order (the order representations add them in).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    /// A number already written in RFC 8259 §6's grammar, fixed point (`49.600300`): coordinates, the one fraction.
    case decimal(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.bytes == rhs.bytes
    }

    /// An optional string: `null` when absent.
    public static func string(_ text: String?) -> JSONValue {
        text.map { .string($0) } ?? .null
    }

    /// The UTF-8 encoding, compact (no insignificant whitespace).
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    /// The encoding as a String, for `Problem.extensions`.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    public func write(to out: inout [UInt8]) {
        JSONWriter.appending(to: &out) { write(to: &$0) }
    }

    func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .int(let value): writer.integer(value)
        case .decimal(let text): writer.encoded(text.utf8)
        case .string(let text): writer.string(text)
        case .array(let values): writer.array(values) { writer, value in value.write(to: &writer) }
        case .object(let members): writer.object(members, name: \.0) { writer, member in member.1.write(to: &writer) }
        }
    }
}
