/// Builds an object member by member, leaving out absent optionals (so a representation reads like its schema).
public struct JSONObject: Sendable {
    public private(set) var members: [(String, JSONValue)] = []

    public init() {}

    /// Room for `capacity` members up front: a representation knows its member count, and growing the array member
    /// by member was a tenth of an event page's render (issue 16's profile).
    public init(capacity: Int) {
        members.reserveCapacity(capacity)
    }

    public mutating func set(_ key: String, _ value: JSONValue) {
        members.append((key, value))
    }

    /// Adds the member only when `value` is present.
    public mutating func setIfPresent(_ key: String, _ value: JSONValue?) {
        if let value { members.append((key, value)) }
    }

    public mutating func setIfPresent(_ key: String, _ text: String?) {
        if let text { members.append((key, .string(text))) }
    }

    public var value: JSONValue { .object(members) }
}
