import AgoraDomain
import Foundation
import Testing
@testable import AgoraAPI

@Suite("Localisation: lang and Accept-Language")
struct LocalisationTests {
    @Test func byDefaultLocalizedFieldsAreObjectsOfLanguages() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/assises-sociales-2025")
        // Issue 10 item 5: the answer no longer varies on Accept-Language without ?lang=auto (it said it did).
        #expect(response.varyBesidesAccept == nil)
        #expect(response.header("Content-Language") == nil)
        #expect((response.json["title"] as? [String: String]) == ["fr": "Assises sociales"])
    }

    /// Issue 10 item 5: browsers always send Accept-Language, so it must not flip the shape a typed client reads.
    @Test func aBrowsersAcceptLanguageNeverChangesTheShape() throws {
        let fixture = try APIFixture()
        for path in ["/events?past=true", "/events/assises-sociales-2025", "/events/assises-sociales-2025/programme",
                     "/events/assises-sociales-2025/partners", "/programme?past=true", "/partners",
                     "/partners/inter-actions"] {
            let plain = fixture.get(path)
            let browser = fixture.get(path, [("Accept-Language", "fr-LU,fr;q=0.9,de;q=0.8,en;q=0.7")])
            #expect(browser.status == 200, "\(path)")
            #expect(browser.body == plain.body, "\(path): the same bytes whatever the header says")
            #expect(browser.header("ETag") == plain.header("ETag"), "\(path)")
            #expect(browser.header("Content-Language") == nil, "\(path)")
            #expect(browser.varyBesidesAccept == nil, "\(path)")
        }
        let event = fixture.get("/events/assises-sociales-2025", [("Accept-Language", "de")]).json
        #expect((event["title"] as? [String: String]) == ["fr": "Assises sociales"], "an object, not a string")
    }

    @Test func langAutoTakesTheLanguageFromAcceptLanguageAndOnlyThenVaries() throws {
        let fixture = try APIFixture()
        let negotiated = fixture.get("/events/assises-sociales-2025?lang=auto", [("Accept-Language", "de, fr;q=0.5")])
        #expect(negotiated.json["theme"] as? String == "Sozialer Sektor: Finanzen und Sicherheit")
        #expect(negotiated.json["title"] as? String == "Assises sociales", "French only: fallback")
        #expect(negotiated.header("Content-Language")?.hasPrefix("de") == true)
        #expect(negotiated.varyBesidesAccept == "Accept-Language")
        #expect(fixture.get("/events/assises-sociales-2025?lang=AUTO", [("Accept-Language", "de")])
            .varyBesidesAccept == "Accept-Language", "case-insensitive")
        // No usable header: still one string per field, in the event's default language (de).
        let headerless = fixture.get("/events/assises-sociales-2025?lang=auto")
        #expect(headerless.json["theme"] as? String == "Sozialer Sektor: Finanzen und Sicherheit")
        #expect(headerless.json["title"] as? String == "Assises sociales")
        #expect(headerless.varyBesidesAccept == "Accept-Language")
        // lang=fr and lang=auto choosing fr are the same representation, but only one of them varies.
        let french = fixture.get("/events/assises-sociales-2025?lang=fr")
        let autoFrench = fixture.get("/events/assises-sociales-2025?lang=auto", [("Accept-Language", "fr")])
        #expect(french.body == autoFrench.body)
        #expect(french.header("ETag") == autoFrench.header("ETag"))
        #expect(french.varyBesidesAccept == nil)
        #expect(autoFrench.varyBesidesAccept == "Accept-Language")
        #expect(fixture.get("/events/assises-sociales-2025?lang=fr").varyBesidesAccept == nil, "from the cache too")
    }

    /// Issue 10 item 10: a representation asked for in a language says so even when nothing in it needed resolving.
    @Test func eventPartnersInALanguageCarryContentLanguage() throws {
        let fixture = try APIFixture()
        let partners = fixture.get("/events/assises-sociales-2025/partners?lang=fr")
        #expect(partners.status == 200)
        #expect(partners.header("Content-Language") == "fr")
        #expect(fixture.get("/partners?lang=de").header("Content-Language") == "de")
        #expect(fixture.get("/events/quattropole-2017/partners?lang=fr").header("Content-Language") == "fr", "empty")
        #expect(fixture.get("/events/assises-sociales-2025/partners").header("Content-Language") == nil)
    }

    @Test func langPicksOneStringWithFallbackToTheEventsDefaultLanguage() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/assises-sociales-2025?lang=fr")
        #expect(response.json["title"] as? String == "Assises sociales")
        // The theme exists only in German, the event's default language.
        #expect(response.json["theme"] as? String == "Sozialer Sektor: Finanzen und Sicherheit")
        #expect(response.header("Content-Language") == "fr, de, en", "every language served, the requested first")
        #expect(response.varyBesidesAccept == nil, "?lang=fr does not depend on Accept-Language")
        let programme = response.json["programme"] as? [[String: Any]] ?? []
        #expect(programme.first { $0["id"] as? String == "walking-lunch" }?["title"] as? String == "Walking lunch",
                "only English exists: any language")
    }

    @Test func acceptLanguageHonoursQualityValues() throws {
        let fixture = try APIFixture()
        // Issue 10 item 5: Accept-Language localizes only with ?lang=auto (the request used to rely on the header alone).
        let english = fixture.get("/events/assises-sociales-2025/programme?lang=auto",
                                  [("Accept-Language", "de;q=0.1, en-GB;q=0.9, fr;q=0.5")])
        let items = english.items
        #expect(items.first { $0["id"] as? String == "walking-lunch" }?["title"] as? String == "Walking lunch")
        #expect(items.first { $0["id"] as? String == "anmeldung-und-empfang" }?["title"] as? String == "Anmeldung und Empfang")
        #expect(english.header("Content-Language")?.hasPrefix("en") == true)

        // q=0 means "not acceptable": French is refused, so the French-only title falls back to the default (de)
        // and then to any language present.
        let refusingFrench = fixture.get("/events/assises-sociales-2025?lang=auto", [("Accept-Language", "fr;q=0, de")])
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

extension TestResponse {
    /// `Vary` without its `Accept` member: resources with a calendar form vary on `Accept` whatever the language
    /// (issue 11), and these tests are about `Accept-Language` alone.
    var varyBesidesAccept: String? {
        guard let vary = header("Vary") else { return nil }
        let rest = vary.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0 != "Accept" }
        return rest.isEmpty ? nil : rest.joined(separator: ", ")
    }
}
