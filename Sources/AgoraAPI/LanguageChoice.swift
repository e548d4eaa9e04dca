import AgoraDomain
import HTTPServer

/// The language a public GET asked for, by one rule a typed client can rely on (issue 10, item 5): the JSON shape
/// changes only with an explicit `?lang=`. Without it every localized field is an object of language → text,
/// whatever `Accept-Language` says (browsers always send one, so the header must not flip the shape); `?lang=fr`
/// makes each field one string; `?lang=auto` makes each field one string in the language `Accept-Language` ranks
/// first (RFC 9110 §12.5.4), and only then does the representation vary on that header (§12.5.5).
public struct LanguageChoice: Sendable, Hashable {
    /// The `lang` value that hands the choice to `Accept-Language`.
    public static let negotiate = "auto"

    public let preference: LanguagePreference
    /// True for `?lang=auto`: the answer depends on `Accept-Language` (`Vary: Accept-Language`).
    public let negotiated: Bool

    public init(preference: LanguagePreference, negotiated: Bool) {
        self.preference = preference
        self.negotiated = negotiated
    }

    /// Every language, each localized field an object (no `lang`).
    public static let all = LanguageChoice(preference: .all, negotiated: false)

    /// The choice a request's `lang` value (its first, nil when absent) and `Accept-Language` header make. Throws a
    /// 400 naming `lang` when it is neither `auto` nor a language tag.
    public static func of(lang: String?, acceptLanguage: String?) throws(QueryError) -> LanguageChoice {
        guard let lang else { return .all }
        if lang.lowercased() == negotiate {
            // No usable header still means one string per field: the owner's default language, then any.
            let header = acceptLanguage.map(LanguagePreference.acceptLanguage) ?? .all
            guard case .ranked = header else { return LanguageChoice(preference: .ranked([]), negotiated: true) }
            return LanguageChoice(preference: header, negotiated: true)
        }
        guard LanguageTag.isValid(lang) else {
            throw .invalid(parameter: "lang", value: lang,
                           expected: "auto, or a BCP 47 language tag such as fr, de or de-LU")
        }
        return LanguageChoice(preference: .ranked([lang.lowercased()]), negotiated: false)
    }

    /// A short stable text for cache keys: the same preference reached through `Accept-Language` carries another
    /// `Vary`, so it is another entry.
    var cacheKey: String { negotiated ? "auto:" + preference.cacheKey : preference.cacheKey }
}
