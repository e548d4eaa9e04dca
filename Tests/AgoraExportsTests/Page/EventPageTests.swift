import AgoraDomain
import AgoraExports
import Foundation
import Testing

/// The server-rendered event page (issue 14): every domain string is text, never markup, and the embedded JSON-LD
/// parses back to exactly the export's document.
struct EventPageTests {
    static let hostile = #"</script><script>alert("x")</script><img src=x onerror='alert(1)'>&amp;"#

    static func page(_ event: Event, partners: [Partner] = [], lang: [String] = []) -> String {
        var choice = ExportLanguage(ranked: lang)
        let bytes = EventPage.bytes(event, partners: partners, links: ExportLinks(base: "https://agora.example"),
                                    choice: &choice)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The one `<script type="application/ld+json">` block's text.
    static func linkedData(in html: String) throws -> String {
        let open = #"<script type="application/ld+json">"#
        let start = try #require(html.range(of: open)).upperBound
        let end = try #require(html.range(of: "</script>", range: start..<html.endIndex)).lowerBound
        return String(html[start..<end])
    }

    @Test func hostileStringsAreShownAsText() throws {
        var event = try SeedEvents.event("quattropole-2017")
        event.title = .de(Self.hostile)
        event.venue?.name = Self.hostile
        event.programme[0].title = .de(Self.hostile)
        event.programme[1].speakers[0].name = Self.hostile
        event.contacts[0].email = #"x"@example.lu"#
        let partner = Partner(id: "p", name: Self.hostile, kind: .association, subUnits: [Self.hostile],
                              website: #"https://example.lu/" onmouseover="alert(1)"#)
        let page = Self.page(event, partners: [partner])
        // Only our own two script elements: the module and the data block (whose JSON strings hold the text as is).
        #expect(page.components(separatedBy: "<script").count - 1 == 2)
        let html = page.replacingOccurrences(of: try Self.linkedData(in: page), with: "")
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror='"))
        #expect(!html.contains(#"" onmouseover=""#))
        #expect(html.contains("&lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"))
        #expect(html.contains("&amp;amp;"), "an entity in the data is shown as typed, not decoded")
        #expect(html.contains(#"href="mailto:x&quot;@example.lu""#))
    }

    @Test func embeddedLinkedDataCannotEndItsScriptAndParsesToTheExport() throws {
        var event = try SeedEvents.event("quattropole-2017")
        event.title = .de(Self.hostile + " <!-- \u{2028}")
        let html = Self.page(event)
        let block = try Self.linkedData(in: html)
        #expect(!block.contains("<"), "no < inside the data block: neither </script> nor <!-- can occur")
        #expect(!block.contains(">") && !block.contains("&"))
        var choice = ExportLanguage(ranked: [])
        let export = EventLinkedData.bytes(event, partners: [], links: ExportLinks(base: "https://agora.example"),
                                           choice: &choice)
        let embedded = try JSONSerialization.jsonObject(with: Data(block.utf8)) as? NSDictionary
        let original = try JSONSerialization.jsonObject(with: Data(export)) as? NSDictionary
        #expect(embedded != nil && embedded == original)
        #expect(embedded?["name"] as? String == Self.hostile + " <!-- \u{2028}")
    }

    @Test func escapingCoversTextAttributesAndControls() {
        #expect(HTMLText.escaped(#"<a href="x">'Tom' & Jerry</a>"#)
                == "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; Jerry&lt;/a&gt;")
        #expect(HTMLText.escaped("Zuwanderung – „Chance“ für Städte, Lëtzebuerg") == "Zuwanderung – „Chance“ für Städte, Lëtzebuerg")
        #expect(HTMLText.escaped("a\u{0}b\u{1B}c\td\ne") == "a\u{FFFD}b\u{FFFD}c\td\ne")
        #expect(HTMLText.scriptData(Array(#"{"a":"</script>&"}"#.utf8)) == #"{"a":"\u003c/script\u003e\u0026"}"#)
    }

    @Test func programmeShowsTheFactsParallelTracksAndTheEventsZone() throws {
        let html = Self.page(try SeedEvents.event("quattropole-2017"))
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"de\">"))
        // 11:00 in Metz (Europe/Paris), whatever the server's zone: three working groups in one parallel row.
        let row = try #require(html.components(separatedBy: "<div class=\"row\">").first { $0.contains(">11:00</time>") })
        #expect(row.contains("<div class=\"slots parallel\">"))
        #expect(row.components(separatedBy: "class=\"slot kind-workingGroup\"").count - 1 == 3)
        #expect(html.contains("Mittwoch, 22. November 2017, 09:30</time> – 17:00"))
        #expect(html.contains("Simultanübersetzung: Deutsch ⇄ Französisch"))
        #expect(html.contains("Hôtel de Ville Metz<br>1, place d&#39;Armes<br>57036 Metz cedex 1"))
        #expect(html.contains("<span class=\"kind\">Mahlzeit</span>"), "the lunch is shown as a meal")
        #expect(html.contains(#"<script type="module" src="/assets/app.js"></script>"#))
    }

    @Test func frenchLabelsAndTextsWithLuxembourgishNamesKept() throws {
        var event = try SeedEvents.event("assises-sociales-2025")
        event.programme[0].title = LocalizedText(["lb": "Wëllkomm"])
        let html = Self.page(event, lang: ["fr"])
        #expect(html.contains("<html lang=\"fr\">"))
        #expect(html.contains("<h2>Programme</h2>"))
        #expect(html.contains("Ouvert au public, sans inscription"))
        #expect(html.contains("Wëllkomm"), "a text only in Luxembourgish is kept as it is")
        #expect(html.contains("jeudi 20 novembre 2025"))
    }
}
