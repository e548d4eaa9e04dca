import AgoraJSON
import HTTPServer
/// A parsed request body (RFC 8259), kept generic so a merge patch (RFC 7396) can be applied to an
/// entity's JSON before it is decoded into a domain type. Unlike the output tree `JSONValue`, numbers keep
/// the text they were written with (a decimal must reach the decoder as written, to be refused there with
/// a pointer). Objects keep their members in order and compare by content.
enum JSONInput: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text as written, so integers of any size and decimals round-trip unchanged.
    case number(String)
    case string(String)
    case array([JSONInput])
    case object([(key: String, value: JSONInput)])

    static func == (lhs: JSONInput, rhs: JSONInput) -> Bool {
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
    subscript(key: String) -> JSONInput? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Sets (or with nil removes) an object's member; no effect on other values.
    mutating func set(_ key: String, _ value: JSONInput?) {
        guard case .object(var members) = self else { return }
        if let index = members.firstIndex(where: { $0.key == key }) {
            if let value { members[index].value = value } else { members.remove(at: index) }
        } else if let value {
            members.append((key, value))
        }
        self = .object(members)
    }

    /// Compact UTF-8 JSON text.
    var bytes: [UInt8] {
        var out: [UInt8] = []
        write(to: &out)
        return out
    }

    func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): out.append(contentsOf: text.utf8)
        case .string(let text): out.append(contentsOf: JSONText.quote(text).utf8)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: JSONText.quote(member.key).utf8)
                out.append(UInt8(ascii: ":"))
                member.value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A short name of the value's JSON type, for problem details ("expected an object, got an array").
    var typeName: String {
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
