import AgoraDomain

/// Picks the text of each localized field for one language preference and records the languages it served, for
/// `Content-Language` (RFC 9110 §8.5). A value owned by one `Representation`: what it recorded leaves the render as
/// part of its result (`ReadResource.Rendered`), never through a shared object read afterwards.
struct Localizer: Sendable {
    let preference: LanguagePreference
    private(set) var served: [String] = []

    init(_ preference: LanguagePreference) {
        self.preference = preference
    }

    /// The field as an object of language → text (tags sorted), or as the one string the fallback rule picks:
    /// the most preferred language present (its primary subtag counts: `de-lu` → `de`), then the owner's default
    /// language, then any (alphabetically first, so the choice is deterministic).
    mutating func text(_ text: LocalizedText?, defaultLanguage: String?) -> JSONValue? {
        guard let text else { return nil }
        switch preference {
        case .all:
            return .object(text.languages.compactMap { tag in text[tag].map { (tag, JSONValue.string($0)) } })
        case .ranked(let tags):
            for tag in tags {
                if let match = text.resolved(for: tag, defaultLanguage: nil),
                   LanguageTag.primary(of: match.language) == LanguageTag.primary(of: tag) {
                    return pick(match)
                }
            }
            return text.resolved(for: defaultLanguage, defaultLanguage: nil).map { pick($0) } ?? .null
        }
    }

    private mutating func pick(_ match: (language: String, text: String)) -> JSONValue {
        if !served.contains(match.language) { served.append(match.language) }
        return .string(match.text)
    }

    /// `Content-Language`: the languages served, most preferred first; nil when every language was sent. A
    /// representation asked for in one language that had no localized field to resolve (a list of partners without
    /// descriptions, an empty list) is still in that language, the one requested (RFC 9110 §8.5: the audience's).
    var contentLanguage: String? {
        guard case .ranked(let tags) = preference else { return nil }
        guard !served.isEmpty else { return tags.first }
        let rank = { (language: String) -> Int in
            tags.firstIndex { LanguageTag.primary(of: $0) == LanguageTag.primary(of: language) } ?? tags.count
        }
        return served.sorted { (rank($0), $0) < (rank($1), $1) }.joined(separator: ", ")
    }
}
