import AgoraJSON

/// A JSON-LD value (JSON whose objects keep the order members were added in, so the same event always gives the
/// same bytes and the same ETag). Absent optionals are simply not added.
struct LinkedDataNode {
    enum Value {
        case string(String)
        /// A JSON number, already in its text form (`49.600300`).
        case number(String)
        case bool(Bool)
        case array([Value])
        case node(LinkedDataNode)
    }

    private(set) var members: [(String, Value)] = []

    /// A node of schema.org type `type` (`Event`, `Place`, `Person`, …).
    init(type: String) {
        members.append(("@type", .string(type)))
    }

    mutating func set(_ name: String, _ value: Value) { members.append((name, value)) }

    mutating func insertFirst(_ name: String, _ value: Value) { members.insert((name, value), at: 0) }

    mutating func set(_ name: String, _ text: String?) {
        if let text { members.append((name, .string(text))) }
    }

    mutating func set(_ name: String, _ node: LinkedDataNode?) {
        if let node { members.append((name, .node(node))) }
    }

    /// A list of nodes; nothing when empty (an empty list says nothing a missing one does not).
    mutating func set(_ name: String, _ nodes: [LinkedDataNode]) {
        if !nodes.isEmpty { members.append((name, .array(nodes.map { .node($0) }))) }
    }

    func write(to writer: inout JSONWriter) {
        writer.object(members, name: \.0) { writer, member in Self.write(member.1, to: &writer) }
    }

    private static func write(_ value: Value, to writer: inout JSONWriter) {
        switch value {
        case .string(let text): writer.string(text)
        case .number(let text): writer.encoded(text.utf8)
        case .bool(let flag): writer.bool(flag)
        case .array(let values): writer.array(values) { writer, value in write(value, to: &writer) }
        case .node(let node): node.write(to: &writer)
        }
    }
}
