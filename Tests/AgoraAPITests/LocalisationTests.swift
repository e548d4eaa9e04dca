import AgoraDomain
import Foundation
import Testing
@testable import AgoraAPI

@Suite("Localisation: lang and Accept-Language")
struct LocalisationTests {
    @Test func byDefaultLocalizedFieldsAreObjectsOfLanguages() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/assises-sociales-2025")
        #expect(response.header("Vary") == "Accept-Language")
        #expect(response.header("Content-Language") == nil)
        #expect((response.json["title"] as? [String: String]) == ["fr": "Assises sociales"])
    }

    @Test func langPicksOneStringWithFallbackToTheEventsDefaultLanguage() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/assises-sociales-2025?lang=fr")
        #expect(response.json["title"] as? String == "Assises sociales")
        // The theme exists only in German, the event's default language.
        #expect(response.json["theme"] as? String == "Sozialer Sektor: Finanzen und Sicherheit")
        #expect(response.header("Content-Language") == "fr, de, en", "every language served, the requested first")
        #expect(response.header("Vary") == "Accept-Language")
        let programme = response.json["programme"] as? [[String: Any]] ?? []
        #expect(programme.first { $0["id"] as? String == "walking-lunch" }?["title"] as? String == "Walking lunch",
                "only English exists: any language")
    }

    @Test func acceptLanguageHonoursQualityValues() throws {
        let fixture = try APIFixture()
        let english = fixture.get("/events/assises-sociales-2025/programme",
                                  [("Accept-Language", "de;q=0.1, en-GB;q=0.9, fr;q=0.5")])
        let items = english.items
        #expect(items.first { $0["id"] as? String == "walking-lunch" }?["title"] as? String == "Walking lunch")
        #expect(items.first { $0["id"] as? String == "anmeldung-und-empfang" }?["title"] as? String == "Anmeldung und Empfang")
        #expect(english.header("Content-Language")?.hasPrefix("en") == true)

        // q=0 means "not acceptable": French is refused, so the French-only title falls back to the default (de)
        // and then to any language present.
        let refusingFrench = fixture.get("/events/assises-sociales-2025", [("Accept-Language", "fr;q=0, de")])
        #expect(refusingFrench.json["theme"] as? String == "Sozialer Sektor: Finanzen und Sicherheit")
        #expect(refusingFrench.header("Content-Language")?.hasPrefix("de") == true)
        // ?lang= wins over the header.
        #expect(fixture.get("/events/assises-sociales-2025?lang=fr", [("Accept-Language", "de")])
            .header("Content-Language") == "fr, de, en")
    }

    @Test func acceptLanguageParsing() {
        #expect(LanguagePreference.acceptLanguage("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")
                == .ranked(["fr-ch", "fr", "en", "de"]))
        #expect(LanguagePreference.acceptLanguage("en;q=0.2, de") == .ranked(["de", "en"]))
        #expect(LanguagePreference.acceptLanguage("de;q=0.5, fr;q=0.5") == .ranked(["de", "fr"]), "ties keep order")
        #expect(LanguagePreference.acceptLanguage("fr;q=0, *") == .all)
        #expect(LanguagePreference.acceptLanguage("fr;q=2, de;q=abc, en;q=0.001") == .ranked(["en"]))
        #expect(LanguagePreference.acceptLanguage("") == .all)
        #expect(LanguagePreference.acceptLanguage(";;,,=,") == .all)
    }

    @Test func listsAreLocalizedToo() throws {
        let fixture = try APIFixture()
        let list = fixture.get("/events?past=true&lang=de")
        #expect(list.items.first?["title"] as? String == "QuattroPole-Konferenz - kommunale Sozialpolitik")
        #expect(list.items.last?["title"] as? String == "Assises sociales", "French only: fallback")
        #expect(list.header("Content-Language") == "de, fr")
        let programme = fixture.get("/programme?event=quattropole-2017&lang=fr")
        #expect(programme.items.first?["title"] as? String == "Empfang der Teilnehmer", "German only")
    }
}
