import AgoraDomain
import Testing
@testable import AgoraAPI

/// The localizer's ranked lookup reads the stored tags directly (issue 16); it must pick what the domain's rule
/// (`LocalizedText.resolved`, kept to a match of the wanted primary subtag, then the default language) picks.
@Suite("Localizer")
struct LocalizerTests {
    /// The rule as it was written before: resolve each ranked tag, keep it when its primary subtag is the wanted one.
    static func expected(_ text: LocalizedText, _ tags: [String], defaultLanguage: String?) -> (String, String)? {
        for tag in tags {
            if let match = text.resolved(for: tag, defaultLanguage: nil),
               LanguageTag.primary(of: match.language) == LanguageTag.primary(of: tag) { return match }
        }
        return text.resolved(for: defaultLanguage, defaultLanguage: nil)
    }

    @Test func rankedPicksWhatTheDomainRulePicks() {
        let texts: [LocalizedText] = [
            .fr("Bonjour"), .de("Hallo"),
            LocalizedText(["de": "Hallo", "fr": "Bonjour"]),
            LocalizedText(["de-CH": "Grüezi", "de-AT": "Servus", "fr": "Bonjour"]),
            LocalizedText(["de-LU": "Moien op Däitsch", "lb": "Moien", "en": "Hello"]),
            LocalizedText(["en": "Hello", "fr-BE": "Bonjour, Bruxelles"]),
        ]
        let preferences: [[String]] = [["de"], ["fr"], ["de-LU"], ["DE-ch"], ["lb", "de"], ["it"], ["it", "fr"],
                                       ["en-GB", "de"], ["de-AT", "fr"], []]
        for text in texts {
            for tags in preferences {
                for defaultLanguage in [nil, "fr", "de", "it"] as [String?] {
                    var localizer = Localizer(.ranked(tags))
                    let picked = localizer.text(text, defaultLanguage: defaultLanguage)
                    let want = Self.expected(text, tags, defaultLanguage: defaultLanguage).map { JSONValue.string($0.1) } ?? .null
                    #expect(picked == want, "\(text.texts) \(tags) default \(defaultLanguage ?? "none")")
                    // Content-Language names the language of the text picked.
                    if let language = Self.expected(text, tags, defaultLanguage: defaultLanguage)?.0 {
                        #expect(localizer.contentLanguage?.contains(language) == true, "\(text.texts) \(tags)")
                    }
                }
            }
        }
    }

    @Test func everyLanguageIsSortedByTag() {
        var localizer = Localizer(.all)
        let text = LocalizedText(["fr": "Bonjour", "de": "Hallo", "lb": "Moien"])
        #expect(localizer.text(text, defaultLanguage: nil)?.text == #"{"de":"Hallo","fr":"Bonjour","lb":"Moien"}"#)
        #expect(localizer.text(.fr("Bonjour"), defaultLanguage: nil)?.text == #"{"fr":"Bonjour"}"#)
    }
}
