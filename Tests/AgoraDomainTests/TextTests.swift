import AgoraDomain
import FoundationEssentials
import Testing

@Suite struct TextTests {
    let text = LocalizedText(["fr": "Éducation", "de": "Bildung", "de-CH": "Bildig"])

    @Test func resolvesRequestedThenDefaultThenAny() {
        #expect(text.text(for: "fr", defaultLanguage: "de") == "Éducation")
        #expect(text.text(for: "de-ch", defaultLanguage: "fr") == "Bildig")
        #expect(text.text(for: "de-LU", defaultLanguage: "fr") == "Bildung")
        #expect(text.text(for: "lb", defaultLanguage: "de") == "Bildung")
        #expect(text.resolved(for: "lb", defaultLanguage: "en")?.language == "de")
        #expect(LocalizedText.en("Walking lunch").resolved(for: "fr", defaultLanguage: "de")?.language == "en")
        #expect(LocalizedText([:]).resolved(for: "fr", defaultLanguage: "de") == nil)
    }

    @Test func regionalVariantServesItsLanguage() {
        let swissOnly = LocalizedText(["de-CH": "Bildig", "fr": "Éducation"])
        #expect(swissOnly.text(for: "de", defaultLanguage: "fr") == "Bildig")
    }

    @Test func encodesAsObjectOfTags() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(LocalizedText(["FR": "Œuvre", "lb": "Stëmm"])), as: UTF8.self)
        #expect(json == #"{"fr":"Œuvre","lb":"Stëmm"}"#)
    }

    @Test(arguments: [("de", true), ("lb", true), ("de-LU", true), ("zh-Hant-TW", true),
                      ("", false), ("d", false), ("deutsch", false), ("de_LU", false), ("de-", false)])
    func languageTags(_ tag: String, _ valid: Bool) {
        #expect(LanguageTag.isValid(tag) == valid)
    }

    @Test(arguments: [
        ("Œuvre Nationale de Secours Grande-Duchesse Charlotte", "oeuvre-nationale-de-secours-grande-duchesse-charlotte"),
        ("Großherzogliche Polizei", "grossherzogliche-polizei"),
        ("Inter-Actions – Schläifmillen, À vos côtés", "inter-actions-schlaifmillen-a-vos-cotes"),
        ("Fondation pour l’accès au logement", "fondation-pour-l-acces-au-logement"),
        ("  Assises sociales 2025 ", "assises-sociales-2025"),
        ("Youth & Work", "youth-work"),
        ("„“ – …", ""),
    ])
    func slugsFoldAccentsAndSeparators(_ title: String, _ slug: String) {
        #expect(Slug.make(from: title) == slug)
    }

    @Test func slugValidity() {
        #expect(Slug.isValid("quattropole-2017"))
        #expect(!Slug.isValid("QuattroPole-2017"))
        #expect(!Slug.isValid("double--hyphen"))
        #expect(!Slug.isValid("-leading"))
        #expect(!Slug.isValid(""))
        #expect(!Slug.isValid(String(repeating: "a", count: 101)))
    }

    @Test func foldingIgnoresCaseAndAccents() {
        #expect(TextFolding.contains("Œuvre Nationale", "oeuvre"))
        #expect(TextFolding.contains("CJF – Atelier Zeralda", "zeralda"))
        #expect(TextFolding.contains("Stëmm vun der Strooss", "STEMM"))
        #expect(TextFolding.contains("Hëllef um Terrain", "hellef"))
        #expect(!TextFolding.contains("Bildung", "bildungs"))
    }
}
