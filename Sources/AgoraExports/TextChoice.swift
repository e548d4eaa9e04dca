public import AgoraDomain

/// Picks one text of each localized field for an export — a schedule app or a search engine shows one string per
/// field, never an object of languages — and records the languages it served, for `Content-Language` (RFC 9110
/// §8.5). The rule is the API's (`?lang=` first, its primary subtag counts; then the event's default language; then
/// any, alphabetically first), so an export in `?lang=fr` says what the JSON in `?lang=fr` says.
public struct TextChoice: Sendable {
    /// Most preferred first; lowercased BCP 47 tags. Empty: the event's default language.
    public let ranked: [String]
    public private(set) var served: [String] = []

    public init(ranked: [String]) {
        self.ranked = ranked.map { $0.lowercased() }
    }

    /// The text of `text` to show, or nil when it is absent or empty.
    public mutating func text(_ text: LocalizedText?, defaultLanguage: String) -> String? {
        guard let text else { return nil }
        for tag in ranked {
            if let match = text.resolved(for: tag, defaultLanguage: nil),
               LanguageTag.primary(of: match.language) == LanguageTag.primary(of: tag) {
                return pick(match)
            }
        }
        return text.resolved(for: defaultLanguage, defaultLanguage: nil).map { pick($0) }
    }

    private mutating func pick(_ match: (language: String, text: String)) -> String {
        if !served.contains(match.language) { served.append(match.language) }
        return match.text
    }

    /// `Content-Language`: the languages served, most preferred first; the first one asked for when no field needed
    /// a choice (the document is still meant for that audience); nil when nothing was asked and nothing served.
    public var contentLanguage: String? {
        guard !served.isEmpty else { return ranked.first }
        let rank = { (language: String) -> Int in
            ranked.firstIndex { LanguageTag.primary(of: $0) == LanguageTag.primary(of: language) } ?? ranked.count
        }
        return served.sorted { (rank($0), $0) < (rank($1), $1) }.joined(separator: ", ")
    }
}
