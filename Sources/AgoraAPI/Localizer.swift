import AgoraDomain
import AgoraJSON

/// Picks the text of each localized field for one language preference and records the languages it served, for
/// `Content-Language` (RFC 9110 §8.5). A value owned by one `Representation`: what it recorded leaves the render as
/// part of its result (`ReadResource.Rendered`), never through a shared object read afterwards.
struct Localizer: Sendable {
    let preference: LanguagePreference
    private(set) var served: [String] = []
    /// The ranked tags lowercased, each with its primary subtag: worked out once per render instead of once per
    /// localized field (issue 16's profile: lowercasing and splitting the same tags was a fifth of a German render).
    private let ranked: [(tag: String, primary: Substring)]

    init(_ preference: LanguagePreference) {
        self.preference = preference
        if case .ranked(let tags) = preference {
            ranked = tags.map { tag in
                let lowered = tag.lowercased()
                return (lowered, Self.primary(of: lowered))
            }
        } else {
            ranked = []
        }
    }

    /// The primary subtag of a lowercased tag (`de-lu` → `de`), without allocating (`LanguageTag.primary` lowercases
    /// and splits; the stored tags of a `LocalizedText` are lowercased already).
    private static func primary(of lowered: String) -> Substring {
        lowered.split(separator: "-", maxSplits: 1).first ?? ""
    }

    /// The field as an object of language → text (tags sorted), or as the one string the fallback rule picks:
    /// the most preferred language present (its primary subtag counts: `de-lu` → `de`), then the owner's default
    /// language, then any (alphabetically first, so the choice is deterministic).
    ///
    /// The ranked loop is `LocalizedText.resolved(for:defaultLanguage: nil)` kept to the matches whose primary subtag
    /// is the wanted one, read straight from the stored (lowercased) tags: the exact tag, its primary subtag, then the
    /// alphabetically first regional variant of it. `LocalisationTests` hold both to the same answers.
    mutating func text(_ text: LocalizedText?, defaultLanguage: String?) -> JSONValue? {
        guard let text else { return nil }
        switch choose(text, defaultLanguage: defaultLanguage) {
        case .every(let texts):
            // Most fields carry one language: no sort for them.
            if texts.count == 1, let (tag, value) = texts.first { return .object([(tag, .string(value))]) }
            return .object(texts.keys.sorted().compactMap { tag in texts[tag].map { (tag, JSONValue.string($0)) } })
        case .one(let value): return .string(value)
        case .none: return .null
        }
    }

    /// The same written straight into a body (`Representation+Writing`): the same bytes as `text`'s value encoded.
    mutating func write(_ text: LocalizedText, defaultLanguage: String?, to writer: inout JSONWriter) {
        switch choose(text, defaultLanguage: defaultLanguage) {
        case .every(let texts):
            writer.openObject()
            if texts.count == 1, let (tag, value) = texts.first {
                writer.member(named: tag)
                writer.string(value)
            } else {
                for (tag, value) in texts.sorted(by: { $0.key < $1.key }) {
                    writer.member(named: tag)
                    writer.string(value)
                }
            }
            writer.closeObject()
        case .one(let value): writer.string(value)
        case .none: writer.null()
        }
    }

    /// What the preference takes of a field: every language, the one text the ranking picks, or none.
    enum Choice {
        case every([String: String])
        case one(String)
        case none
    }

    private mutating func choose(_ text: LocalizedText, defaultLanguage: String?) -> Choice {
        let texts = text.texts
        switch preference {
        case .all:
            return .every(texts)
        case .ranked:
            for (tag, primary) in ranked {
                if let value = texts[tag] { return pick((tag, value)) }
                if let value = texts[String(primary)] { return pick((String(primary), value)) }
                if let variant = texts.keys.filter({ Self.primary(of: $0) == primary }).min(), let value = texts[variant] {
                    return pick((variant, value))
                }
            }
            return text.resolved(for: defaultLanguage, defaultLanguage: nil).map { pick($0) } ?? .none
        }
    }

    private mutating func pick(_ match: (language: String, text: String)) -> Choice {
        if !served.contains(match.language) { served.append(match.language) }
        return .one(match.text)
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
