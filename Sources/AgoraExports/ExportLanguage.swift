public import AgoraDomain

/// Which language an export writes each localized text in, and which it wrote. Exports carry one text per field (an
/// iCalendar SUMMARY, a schedule's title), so a text is resolved to one language: the most preferred one present
/// (its primary subtag counts: `de-lu` → `de`), else the event's default language, else any (alphabetically first).
public struct ExportLanguage: Sendable {
    /// Most preferred first; empty: each event's default language.
    public let ranked: [String]
    /// The languages written so far, in order of first use.
    public private(set) var served: [String] = []

    public init(ranked: [String]) {
        self.ranked = ranked.map { $0.lowercased() }
    }

    /// The text of `text` to write for an event whose default language is `defaultLanguage`, with its language tag.
    public mutating func resolve(_ text: LocalizedText?, defaultLanguage: String) -> (language: String, text: String)? {
        guard let text else { return nil }
        var match: (language: String, text: String)?
        for tag in ranked {
            if let found = text.resolved(for: tag, defaultLanguage: nil),
               LanguageTag.primary(of: found.language) == LanguageTag.primary(of: tag) {
                match = found
                break
            }
        }
        guard let match = match ?? text.resolved(for: defaultLanguage, defaultLanguage: nil) else { return nil }
        if !served.contains(match.language) { served.append(match.language) }
        return match
    }
}
