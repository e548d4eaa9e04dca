/// A text of a problem (its title, its detail, the detail of one field issue) as a stable message key and its
/// arguments, not as a rendered string: the completion point renders it in the language the request asks for
/// (RFC 9110 §12.5.4) through the application's `ProblemCatalogue`.
///
/// It is written as an English string literal with interpolations: the key is that English template with `{0}`,
/// `{1}`, … where the values go, and the values are the arguments. So the English is exactly what the literal says
/// (no catalogue needed for it), a catalogue entry key → language → template translates it, and a key the catalogue
/// does not know simply stays English. Values are never translated (`.verbatim`: ids, paths, numbers); a nested
/// text is (`.text`: `"must be \(kind)"` where `kind` is itself a `ProblemText`).
public struct ProblemText: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public indirect enum Argument: Sendable, Hashable {
        case verbatim(String)
        case text(ProblemText)
    }

    /// The English template: `No resource at {0}.`
    public let key: String
    public let arguments: [Argument]

    public init(key: String, arguments: [Argument] = []) {
        self.key = key
        self.arguments = arguments
    }

    public init(stringLiteral value: String) {
        self.init(key: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(key: stringInterpolation.key, arguments: stringInterpolation.arguments)
    }

    /// A text that is the same in every language (a value, or a message from elsewhere that no catalogue knows).
    public static func verbatim(_ text: String) -> ProblemText {
        ProblemText(key: "{0}", arguments: [.verbatim(text)])
    }

    /// `texts` one after the other with `separator` between them (each still translated on its own).
    public static func joined(_ texts: [ProblemText], separator: String) -> ProblemText {
        let key = texts.indices.map { "{\($0)}" }.joined(separator: separator)
        return ProblemText(key: key, arguments: texts.map { .text($0) })
    }

    /// Two texts as one: `"… \(a) " + "… \(b)."` has the key and arguments the single literal would have, so a long
    /// text can be written over several lines as before.
    public static func + (lhs: ProblemText, rhs: ProblemText) -> ProblemText {
        let shifted = rhs.arguments.indices.map { "{\($0 + lhs.arguments.count)}" }
        return ProblemText(key: lhs.key + substitute(shifted, into: rhs.key), arguments: lhs.arguments + rhs.arguments)
    }

    public struct StringInterpolation: StringInterpolationProtocol {
        var key = ""
        var arguments: [Argument] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            key.reserveCapacity(literalCapacity + 3 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { key += literal }

        /// A nested text: translated with the rest.
        public mutating func appendInterpolation(_ text: ProblemText) { append(.text(text)) }

        /// A value: the same in every language.
        public mutating func appendInterpolation<Value>(_ value: Value) { append(.verbatim(String(describing: value))) }

        private mutating func append(_ argument: Argument) {
            key += "{\(arguments.count)}"
            arguments.append(argument)
        }
    }

    /// The text with every key looked up by `template` (nil: no translation). Nil when some key has none, so that a
    /// problem is either wholly translated or wholly English, never a mixture under a false `Content-Language`. A
    /// key without letters (`{0}`, `{0}; {1}`) needs no translation.
    public func rendered(_ template: (String) -> String?) -> String? {
        guard let pattern = template(key) ?? (key.contains(where: \.isLetter) ? nil : key) else { return nil }
        var values: [String] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments {
            switch argument {
            case .verbatim(let value): values.append(value)
            case .text(let text):
                guard let value = text.rendered(template) else { return nil }
                values.append(value)
            }
        }
        return Self.substitute(values, into: pattern)
    }

    /// The English text: the key with its arguments in place.
    public var english: String {
        // The key itself is the English template, so every lookup succeeds.
        rendered { $0 } ?? key
    }

    public var description: String { english }

    /// Replaces each `{n}` of `pattern` (n < values.count) by `values[n]`; any other brace is text.
    static func substitute(_ values: [String], into pattern: String) -> String {
        guard !values.isEmpty else { return pattern }
        var result = ""
        result.reserveCapacity(pattern.utf8.count + values.reduce(0) { $0 + $1.utf8.count })
        var rest = Substring(pattern)
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"), let index = Int(rest[afterOpen..<close]),
               index >= 0, index < values.count {
                result += values[index]
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        result += rest
        return result
    }
}
