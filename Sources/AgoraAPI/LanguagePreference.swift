import AgoraDomain

/// Which language(s) localized fields are rendered in: every language (the default, each field an object of
/// language → text), or a ranked list of tags (each field one string). A public GET gets it from `?lang=`
/// (`LanguageChoice`); `Accept-Language` is read only for `?lang=auto`, a registration's language and problems.
public enum LanguagePreference: Sendable, Hashable {
    case all
    /// Most preferred first; lowercased BCP 47 tags.
    case ranked([String])

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
