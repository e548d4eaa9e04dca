/// A message of the domain (a validation issue, a conflict) as an English template and its values, so whoever shows it
/// can translate it (the API localizes problems, issue #10 item 9) without parsing English. Written as a string
/// literal with interpolations: the template is the literal with `{0}`, `{1}`, … where the values go. Compared by
/// its English text: two messages saying the same thing are equal however they were written.
public struct DomainMessage: Sendable, Hashable, Codable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// `unknown partner "{0}"`
    public let template: String
    public let arguments: [String]

    public init(template: String, arguments: [String] = []) {
        self.template = template
        self.arguments = arguments
    }

    public init(stringLiteral value: String) {
        self.init(template: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(template: stringInterpolation.template, arguments: stringInterpolation.arguments)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var template = ""
        var arguments: [String] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + 3 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { template += literal }

        public mutating func appendInterpolation<Value>(_ value: Value) {
            template += "{\(arguments.count)}"
            arguments.append(String(describing: value))
        }
    }

    /// The English text: the template with its values in place.
    public var description: String {
        guard !arguments.isEmpty else { return template }
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let index = Int(rest[afterOpen..<close]),
               index >= 0, index < arguments.count {
                result += arguments[index]
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        return result + rest
    }

    public static func == (lhs: DomainMessage, rhs: DomainMessage) -> Bool { lhs.description == rhs.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Coded as its English text (what a log or a JSON dump of an issue shows).
    public init(from decoder: any Decoder) throws {
        self.init(template: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
