/// One message's text: a file whose first line is `Subject: …`, then an empty line, then the body; `{{name}}`,
/// `{{event}}`, `{{slot}}`, `{{start}}`, `{{cancelUrl}}` are replaced, and `{{#cancelUrl}}…{{/cancelUrl}}` keeps its
/// text only when there is a link, `{{^cancelUrl}}…{{/cancelUrl}}` only when there is none (Mustache's sections and
/// inverted sections, mustache(5); for any placeholder). An operator's file (`mailTemplatesDir`)
/// replaces the compiled-in one of the same name (`MailTemplate+Defaults.swift`); languages: de, fr, lb, en.
struct MailTemplate: Sendable, Equatable {
    var subject: String
    var body: String

    static let languages = ["de", "fr", "lb", "en"]

    /// Nil unless the text starts with a `Subject:` line and an empty line.
    init?(text: String) {
        let normalized = text.replacingOccurrences("\r\n", with: "\n")
        guard normalized.hasPrefix("Subject:"), let end = normalized.firstRange(of: "\n\n") else { return nil }
        subject = String(normalized[normalized.index(normalized.startIndex, offsetBy: 8)..<end.lowerBound])
            .trimmingCharacters(in: " \t")
        body = String(normalized[end.upperBound...])
    }

    /// The template for `kind` in the first of `language`'s primary subtag, else English.
    static func choose(_ kind: MailKind, language: String?, overrides: [String: String]) -> (MailTemplate, String) {
        let primary = language.map { String($0.lowercased().prefix { $0 != "-" && $0 != "_" }) } ?? "en"
        let chosen = languages.contains(primary) ? primary : "en"
        let name = "\(kind.rawValue).\(chosen).txt"
        if let text = overrides[name], let template = MailTemplate(text: text) { return (template, chosen) }
        return (defaults[name] ?? MailTemplate(subject: kind.rawValue, body: "{{event}}"), chosen)
    }

    init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    func filled(_ values: [String: String]) -> MailTemplate {
        MailTemplate(subject: Self.fill(subject, values), body: Self.fill(body, values))
    }

    private static func fill(_ text: String, _ values: [String: String]) -> String {
        var result = text
        for (key, value) in values {
            result = section(result, opening: "{{#\(key)}}", closing: "{{/\(key)}}", keep: !value.isEmpty)
            result = section(result, opening: "{{^\(key)}}", closing: "{{/\(key)}}", keep: value.isEmpty)
            result = result.replacingOccurrences("{{\(key)}}", with: value)
        }
        return result
    }

    /// Every `opening…closing` span replaced by its inner text (`keep`) or by nothing; an unclosed one stays.
    private static func section(_ text: String, opening: String, closing: String, keep: Bool) -> String {
        var result = ""
        var rest = text[...]
        while let open = rest.firstRange(of: opening), let close = rest[open.upperBound...].firstRange(of: closing) {
            result += rest[..<open.lowerBound]
            if keep { result += rest[open.upperBound..<close.lowerBound] }
            rest = rest[close.upperBound...]
        }
        return result + rest
    }
}

extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
