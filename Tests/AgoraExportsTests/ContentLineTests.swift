@testable import AgoraExports
import Testing

/// RFC 5545 §3.1 folding and §3.3.11 escaping, on the lines our programmes produce: long French and German texts
/// full of multi-byte characters (é, ü, ß are two octets, „ “ « » and € three, emoji four).
@Suite struct ContentLineTests {
    static let longLines = [
        "Criminalité économique et financière : prévention, détection et répression — « Œuvre nationale de secours » à Luxembourg, première édition élargie, débat contradictoire très animé",
        "Kurzzusammenfassung der Arbeitsgruppen und Diskussion: „Zuwanderung als Chance für unsere vier Städte!“ – Größere Übersicht über Beschäftigung, Bildung und Stadtteilintegration",
        "ÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüßÄÖÜäöüß€€€€€€€€€€€€€€€€€€€€€🎉🎉🎉🎉🎉🎉",
        "Nündel-Petsch; Städte, Œuvre\\Backslash\nzweite Zeile",
    ]

    /// Splits written text into physical lines (each must end in CRLF).
    private func physicalLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        #expect(current.isEmpty, "the text ends with CRLF")
        return lines
    }

    /// §3.1 unfolding: a CRLF followed by one space or tab is removed.
    private func unfolded(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if index + 2 < bytes.count, bytes[index] == 0x0D, bytes[index + 1] == 0x0A,
               bytes[index + 2] == 0x20 || bytes[index + 2] == 0x09 {
                index += 3
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return result
    }

    @Test(arguments: longLines) func foldsAt75OctetsWithoutSplittingASequence(text: String) throws {
        var lines = ContentLines()
        lines.property("SUMMARY", [("LANGUAGE", "fr")], CalendarText.escaped(text))
        let physical = physicalLines(lines.bytes)
        #expect(physical.count > 1 || lines.bytes.count <= 77)
        for line in physical {
            #expect(line.count <= 75, "\(line.count) octets")
            // Every physical line is valid UTF-8 on its own: no sequence was split between two.
            #expect(String(validating: line, as: UTF8.self) != nil)
        }
        let expected = "SUMMARY;LANGUAGE=fr:" + CalendarText.escaped(text) + "\r\n"
        #expect(unfolded(lines.bytes) == Array(expected.utf8), "unfolds back to the original")
    }

    @Test func everyLineLengthFromShortToLongStaysWithinTheLimit() {
        // Each length once, so a fold lands on each position of a 2-, 3- and 4-octet character.
        for count in 0..<200 {
            let text = String(repeating: "é€🎉a", count: count / 4 + 1).prefix(count)
            var lines = ContentLines()
            lines.property("DESCRIPTION", String(text))
            for line in physicalLines(lines.bytes) {
                #expect(line.count <= 75)
                #expect(String(validating: line, as: UTF8.self) != nil)
            }
            #expect(unfolded(lines.bytes) == Array("DESCRIPTION:\(text)\r\n".utf8))
        }
    }

    @Test func textEscaping() {
        #expect(CalendarText.escaped("a;b,c\\d\ne\r\nf") == "a\\;b\\,c\\\\d\\ne\\nf")
        #expect(CalendarText.escaped("Städte: „Œuvre“") == "Städte: „Œuvre“", "colons and quotes stay as they are in TEXT")
        #expect(CalendarText.escaped("bell\u{07}") == "bell")
    }

    @Test func parameterValuesAreQuotedWhenTheyMustBe() {
        #expect(CalendarText.parameterValue("Europe/Luxembourg") == "Europe/Luxembourg")
        #expect(CalendarText.parameterValue("Stadt Trier; Rathaus") == "\"Stadt Trier; Rathaus\"")
        #expect(CalendarText.parameterValue("mailto:a@b") == "\"mailto:a@b\"")
        #expect(CalendarText.parameterValue("say \"hi\"") == "say 'hi'")
    }
}
