import AgoraDomain
public import HTTPServer

/// Which language(s) a client wants localized fields in: every language (the default, each field an object of
/// language → text), or a ranked list of tags from `?lang=` or `Accept-Language` (each field one string).
public enum LanguagePreference: Sendable, Hashable {
    case all
    /// Most preferred first; lowercased BCP 47 tags.
    case ranked([String])

    /// `?lang=` wins over `Accept-Language` (a link can force a language whatever the browser says).
    /// Throws a 400 naming `lang` when the parameter is not a language tag.
    public static func from(_ request: Request) throws(QueryError) -> LanguagePreference {
        // Most reads carry no query at all: skip decoding it (this runs on every cache hit).
        if request.head.target.query != nil, let lang = request.query("lang") {
            guard LanguageTag.isValid(lang) else {
                throw .invalid(parameter: "lang", value: lang, expected: "a BCP 47 language tag such as fr, de or de-LU")
            }
            return .ranked([lang.lowercased()])
        }
        guard let header = request.headers["Accept-Language"] else { return .all }
        return acceptLanguage(header)
    }

    /// RFC 9110 §12.5.4: `fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5`. Ranges are ordered by quality (stable for equal
    /// ones); `q=0` means "not acceptable" and is dropped; `*` adds nothing the fallback rule does not already do;
    /// malformed members are ignored (the header is advisory, so a bad one must not fail the request).
    static func acceptLanguage(_ header: String) -> LanguagePreference {
        var ranges: [(tag: String, quality: Int, position: Int)] = []
        for (position, member) in header.split(separator: ",").enumerated() {
            let parts = member.split(separator: ";").map { $0.trimmingASCIIWhitespace() }
            guard let tag = parts.first, !tag.isEmpty, tag != "*", LanguageTag.isValid(tag) else { continue }
            var quality = 1000
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingASCIIWhitespace() }
                if pair.count == 2, pair[0].lowercased() == "q" {
                    guard let value = Self.quality(pair[1]) else { quality = -1; break }
                    quality = value
                }
            }
            if quality > 0 { ranges.append((tag.lowercased(), quality, position)) }
        }
        guard !ranges.isEmpty else { return .all }
        let ordered = ranges.sorted { ($0.quality, -$0.position) > ($1.quality, -$1.position) }
        var seen = Set<String>()
        return .ranked(ordered.map(\.tag).filter { seen.insert($0).inserted })
    }

    /// RFC 9110 §12.4.2 qvalue: `0`, `0.xxx`, `1`, `1.000`, as thousandths; nil when malformed.
    static func quality(_ text: String) -> Int? {
        let pieces = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = pieces.first, whole == "0" || whole == "1" else { return nil }
        var fraction = pieces.count > 1 ? String(pieces[1]) : ""
        guard fraction.count <= 3, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        fraction += String(repeating: "0", count: 3 - fraction.count)
        let value = (whole == "1" ? 1000 : 0) + (Int(fraction) ?? 0)
        return value <= 1000 ? value : nil
    }

    /// A short stable text for cache keys.
    var cacheKey: String {
        switch self {
        case .all: "*"
        case .ranked(let tags): tags.joined(separator: ",")
        }
    }
}

/// Renders localized fields for one request and remembers which languages it actually served, for
/// `Content-Language` (RFC 9110 §8.5). A reference type so nested representation code can share one.
final class Localizer {
    let preference: LanguagePreference
    private(set) var served: [String] = []

    init(_ preference: LanguagePreference) {
        self.preference = preference
    }

    /// The field as an object of language → text (tags sorted), or as the one string the fallback rule picks:
    /// the most preferred language present (its primary subtag counts: `de-lu` → `de`), then the owner's default
    /// language, then any (alphabetically first, so the choice is deterministic).
    func text(_ text: LocalizedText?, defaultLanguage: String?) -> JSONValue? {
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
            return text.resolved(for: defaultLanguage, defaultLanguage: nil).map(pick) ?? .null
        }
    }

    private func pick(_ match: (language: String, text: String)) -> JSONValue {
        if !served.contains(match.language) { served.append(match.language) }
        return .string(match.text)
    }

    /// `Content-Language`: the languages served, most preferred first; nil when every language was sent.
    var contentLanguage: String? {
        guard case .ranked(let tags) = preference, !served.isEmpty else { return nil }
        let rank = { (language: String) -> Int in
            tags.firstIndex { LanguageTag.primary(of: $0) == LanguageTag.primary(of: language) } ?? tags.count
        }
        return served.sorted { (rank($0), $0) < (rank($1), $1) }.joined(separator: ", ")
    }
}

extension Substring {
    func trimmingASCIIWhitespace() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
