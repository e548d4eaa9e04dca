import AgoraJSON

/// A JSON value of a problem's extension member whose strings may be texts to localize (the `errors` of a 422:
/// `[{"pointer": "/title", "detail": <text>}]`): rendered in the problem's language with its title and detail.
public indirect enum LocalizedJSON: Sendable {
    /// Already encoded JSON (a pointer, a number): the same in every language.
    case encoded(String)
    case text(ProblemText)
    case array([LocalizedJSON])
    case object([(String, LocalizedJSON)])

    /// The encoded value with every text looked up by `template`; nil when some text has no translation.
    public func rendered(_ template: (String) -> String?) -> String? {
        var json = JSONWriter()
        guard write(into: &json, template) else { return nil }
        return String(decoding: json.bytes, as: UTF8.self)
    }

    private func write(into json: inout JSONWriter, _ template: (String) -> String?) -> Bool {
        switch self {
        case .encoded(let text):
            json.encoded(text.utf8)
        case .text(let text):
            guard let rendered = text.rendered(template) else { return false }
            json.string(rendered)
        case .array(let items):
            json.raw("[")
            for (index, item) in items.enumerated() {
                if index > 0 { json.raw(",") }
                guard item.write(into: &json, template) else { return false }
            }
            json.raw("]")
        case .object(let members):
            json.raw("{")
            for (index, (name, value)) in members.enumerated() {
                if index > 0 { json.raw(",") }
                json.string(name)
                json.raw(":")
                guard value.write(into: &json, template) else { return false }
            }
            json.raw("}")
        }
        return true
    }
}
