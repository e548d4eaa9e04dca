/// A parsed JSON document (RFC 8259), what `JSONParser` returns: kept generic so a merge patch (RFC 7396) can
/// be applied to an entity's JSON before it is decoded into a domain type. Unlike the API's output tree
/// `JSONValue`, numbers keep the text they were written with (a decimal must reach the decoder as written, to
/// be refused there with a pointer). Objects keep their members in order and compare by content.
public enum JSONInput: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text as written, so integers of any size and decimals round-trip unchanged.
    case number(String)
    case string(String)
    case array([JSONInput])
    case object([(key: String, value: JSONInput)])

    public static func == (lhs: JSONInput, rhs: JSONInput) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { member in b.contains { $0.key == member.key && $0.value == member.value } }
        default: false
        }
    }

    /// The member `key` of an object (nil for other values or when absent).
    public subscript(key: String) -> JSONInput? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Sets (or with nil removes) an object's member; no effect on other values.
    public mutating func set(_ key: String, _ value: JSONInput?) {
        guard case .object(var members) = self else { return }
        if let index = members.firstIndex(where: { $0.key == key }) {
            if let value { members[index].value = value } else { members.remove(at: index) }
        } else if let value {
            members.append((key, value))
        }
        self = .object(members)
    }

    /// Compact UTF-8 JSON text.
    public var bytes: [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    public func write(to writer: inout JSONWriter) {
        switch self {
        case .null: writer.null()
        case .bool(let value): writer.bool(value)
        case .number(let text): writer.encoded(text.utf8)
        case .string(let text): writer.string(text)
        case .array(let items): writer.array(items) { writer, item in item.write(to: &writer) }
        case .object(let members): writer.object(members, name: \.key) { writer, member in member.value.write(to: &writer) }
        }
    }

    /// A short name of the value's JSON type, for problem details ("expected an object, got an array").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
