import AgoraDomain
import AgoraDomainTesting
@testable import AgoraExports
import Testing

/// The iCalendar a programme becomes: VTIMEZONE from the zone rules, local times with TZID, escaped texts.
@Suite struct CalendarExportTests {
    private func instant(_ text: String) throws -> Instant { try #require(Instant(rfc3339: text)) }

    private func unfoldedLines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).replacing("\r\n ", with: "").split(separator: "\r\n").map(String.init)
    }

    /// The VTIMEZONE block of `zone` as lines.
    private func timeZoneLines(_ zone: String, year: Int) -> [String] {
        var lines = ContentLines()
        TimeZoneComponent.write(zone, years: year...year, into: &lines)
        return unfoldedLines(lines.bytes)
    }

    @Test(arguments: ["Europe/Luxembourg", "Europe/Paris"])
    func vtimezoneHasTheTransitionsOfTheRules(zone: String) {
        #expect(timeZoneLines(zone, year: 2025) == [
            "BEGIN:VTIMEZONE", "TZID:\(zone)",
            "BEGIN:STANDARD", "DTSTART:20250101T010000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0100", "END:STANDARD",
            // Clocks go forward at 02:00 local on the last Sunday of March, back at 03:00 on the last of October.
            "BEGIN:DAYLIGHT", "DTSTART:20250330T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "END:DAYLIGHT",
            "BEGIN:STANDARD", "DTSTART:20251026T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "END:STANDARD",
            "END:VTIMEZONE",
        ])
        // 2017 (QuattroPole): other Sundays, found from the rules, not a rule written here.
        let lines = timeZoneLines(zone, year: 2017)
        #expect(lines.contains("DTSTART:20170326T020000"))
        #expect(lines.contains("DTSTART:20171029T030000"))
    }

    @Test func aZoneWithoutChangesHasOneObservance() {
        #expect(timeZoneLines("Asia/Tokyo", year: 2025) == [
            "BEGIN:VTIMEZONE", "TZID:Asia/Tokyo",
            "BEGIN:STANDARD", "DTSTART:20250101T090000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900", "END:STANDARD",
            "END:VTIMEZONE",
        ])
    }

    @Test func offsetsAndTimes() throws {
        #expect(CalendarTime.offset(3600) == "+0100")
        #expect(CalendarTime.offset(-12_600) == "-0330")
        #expect(CalendarTime.offset(1_234) == "+002034")
        let talk = try instant("2025-11-20T09:15:00+01:00")
        #expect(CalendarTime.local(talk, inZone: "Europe/Luxembourg") == "20251120T091500")
        #expect(CalendarTime.utc(talk) == "20251120T081500Z")
    }

    @Test func aSlotBecomesAnEscapedVEventInItsZone() throws {
        var slot = Fixture.slot("table-ronde", "11:00", "12:30", track: "a", kind: .panel)
        slot.title = .fr("Table ronde; débat, questions\\réponses")
        slot.speakers = [Speaker(name: "Jennyfer Nündel-Petsch", role: .fr("Service études et représentation"), organisation: "FEDAS")]
        slot.revision = 3
        slot.modifiedAt = try instant("2030-05-01T08:00:00Z")
        var event = Fixture.event(programme: [slot], status: .cancelled)
        event.tracks = [Track(id: "a", name: .fr("Œuvres sociales"))]
        event.venue = Venue(name: "Centre culturel Bonnevoie", street: "2, rue des Ardennes", postalCode: "1133",
                            city: "Luxembourg", country: "LU", geo: GeoPoint(latitude: 49.6003, longitude: 6.1336))
        var calendar = CalendarExport(name: "Journée; sociale", refreshInterval: 3600, languages: ["fr"])
        calendar.add(slot: slot, of: event)
        let document = calendar.finish()
        let lines = unfoldedLines(document.bytes)
        #expect(lines.first == "BEGIN:VCALENDAR")
        #expect(lines.last == "END:VCALENDAR")
        #expect(lines.contains("NAME:Journée\\; sociale"))
        #expect(lines.contains("REFRESH-INTERVAL;VALUE=DURATION:PT60M"))
        #expect(lines.contains("UID:table-ronde.sample-2030@agora"))
        #expect(lines.contains("DTSTART;TZID=Europe/Luxembourg:20300615T110000"))
        #expect(lines.contains("DTEND;TZID=Europe/Luxembourg:20300615T123000"))
        #expect(lines.contains("SEQUENCE:3"))
        #expect(lines.contains("LAST-MODIFIED:20300501T080000Z"))
        #expect(lines.contains("DTSTAMP:20300501T080000Z"), "DTSTAMP is when it was revised, not when it was rendered")
        #expect(lines.contains("SUMMARY;LANGUAGE=fr:Table ronde\\; débat\\, questions\\\\réponses"))
        #expect(lines.contains("DESCRIPTION;LANGUAGE=fr:Jennyfer Nündel-Petsch (Service études et représentation\\, FEDAS)"))
        #expect(lines.contains("LOCATION:Centre culturel Bonnevoie\\, 2\\, rue des Ardennes\\, 1133 Luxembourg\\, LU"))
        #expect(lines.contains("GEO:49.600300;6.133600"))
        #expect(lines.contains("CATEGORIES:panel,Œuvres sociales"))
        #expect(lines.contains("STATUS:CANCELLED"))
        #expect(lines.filter { $0 == "BEGIN:VTIMEZONE" }.count == 1)
        #expect(document.languages == ["fr"])
        // The same input renders the same bytes (an ETag that does not move by itself).
        var again = CalendarExport(name: "Journée; sociale", refreshInterval: 3600, languages: ["fr"])
        again.add(slot: slot, of: event)
        #expect(again.finish().bytes == document.bytes)
    }
}
