import AgoraDomain
public import HTTPServer

/// The API's problem catalogue (`ProblemCatalogue`): the texts of every problem — the engine's and the API's — in
/// German and French besides the English they are written in (`ProblemTexts+Catalogue.swift`), and the choice of
/// language from `Accept-Language` (RFC 9110 §12.5.4, parsed as for localized fields by `LanguagePreference`).
///
/// A problem a catalogue entry does not cover stays English (and says `Content-Language: en`); translating it is one
/// entry, keyed by its English template. Luxembourgish has no entries: a reader of Luxembourgish reads German
/// (the language of the city's public communication beside French), so `lb` falls back to German — but only after
/// every range the client named, so `lb, fr;q=0.9` gets French.
public struct ProblemTexts: ProblemCatalogue {
    /// The languages with translations, besides English.
    static let languages: Set<String> = ["de", "fr"]
    /// Languages without entries that a reader of them reads in another (tried after every named range).
    static let fallbacks: [String: String] = ["lb": "de"]

    public init() {}

    public func language(forAcceptLanguage header: String?) -> String {
        guard let header, case .ranked(let tags) = LanguagePreference.acceptLanguage(header) else { return "en" }
        let primaries = tags.map { LanguageTag.primary(of: $0) }
        for primary in primaries where primary == "en" || Self.languages.contains(primary) { return primary }
        for primary in primaries { if let fallback = Self.fallbacks[primary] { return fallback } }
        return "en"
    }

    public func template(_ key: String, in language: String) -> String? {
        if language == "en" { return key }
        return Self.catalogue[key]?[language]
    }
}
