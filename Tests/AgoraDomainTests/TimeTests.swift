import AgoraDomain
import FoundationEssentials
import Testing

@Suite struct TimeTests {
    @Test func parsesRFC3339WithOffsetAndZ() throws {
        let local = try #require(Instant(rfc3339: "2025-11-20T09:15:00+01:00"))
        let utc = try #require(Instant(rfc3339: "2025-11-20T08:15:00Z"))
        #expect(local == utc)
        #expect(local.secondsSince1970 == 1_763_626_500)
        #expect(local.rfc3339UTC == "2025-11-20T08:15:00Z")
        #expect(Instant(rfc3339: "1969-12-31T23:59:59Z")?.secondsSince1970 == -1)
    }

    @Test(arguments: ["2025-11-20 09:15:00Z", "2025-11-20T09:15:00", "2025-02-30T09:00:00Z",
                      "2025-11-20T24:00:00Z", "2025-11-20T09:15:00.5Z", "2025-11-20T09:15:00+0100", ""])
    func rejectsMalformedInstants(_ text: String) {
        #expect(Instant(rfc3339: text) == nil)
    }

    @Test func rendersInTheEventsZoneWithItsOffset() throws {
        let winter = try #require(Instant(rfc3339: "2025-11-20T08:15:00Z"))
        #expect(winter.rfc3339(inZone: "Europe/Luxembourg") == "2025-11-20T09:15:00+01:00")
        let summer = try #require(Instant(rfc3339: "2025-07-01T07:00:00Z"))
        #expect(summer.rfc3339(inZone: "Europe/Paris") == "2025-07-01T09:00:00+02:00")
        #expect(summer.rfc3339(inZone: "America/New_York") == "2025-07-01T03:00:00-04:00")
        #expect(TimeZoneRules.utcOffset(of: "Europe/Luxembourg", at: winter) == 3600)
        #expect(TimeZoneRules.utcOffset(of: "Europe/Luxembourg", at: summer) == 7200)
    }

    @Test func unknownZonesAreRecognisedAndRenderInUTC() throws {
        let instant = try #require(Instant(rfc3339: "2025-11-20T08:15:00Z"))
        #expect(!TimeZoneRules.isKnown("Europe/Atlantis"))
        #expect(!TimeZoneRules.isKnown("europe/paris"))
        #expect(TimeZoneRules.isKnown("Europe/Paris"))
        #expect(instant.rfc3339(inZone: "Europe/Atlantis") == "2025-11-20T08:15:00Z")
    }

    @Test func wallClockToInstantHandlesDaylightSavingChanges() throws {
        let zone = "Europe/Luxembourg"
        let ordinary = LocalDateTime(year: 2025, month: 11, day: 20, hour: 9, minute: 15)
        #expect(ordinary.instant(inZone: zone)?.rfc3339UTC == "2025-11-20T08:15:00Z")
        // 30 March 2025: 02:00 → 03:00. 02:30 does not exist and is read with the winter offset.
        let gap = LocalDateTime(year: 2025, month: 3, day: 30, hour: 2, minute: 30)
        #expect(gap.instant(inZone: zone)?.rfc3339UTC == "2025-03-30T01:30:00Z")
        // 26 October 2025: 03:00 → 02:00. 02:30 happens twice; the first (summer time) wins.
        let overlap = LocalDateTime(year: 2025, month: 10, day: 26, hour: 2, minute: 30)
        #expect(overlap.instant(inZone: zone)?.rfc3339UTC == "2025-10-26T00:30:00Z")
        #expect(overlap.instant(inZone: "Nowhere/Else") == nil)
    }

    @Test func instantToWallClockRoundTrips() throws {
        let instant = try #require(Instant(rfc3339: "2017-11-22T16:00:00Z"))
        let local = instant.localDateTime(inZone: "Europe/Paris")
        #expect(local == LocalDateTime(year: 2017, month: 11, day: 22, hour: 17, minute: 0))
        #expect(local.instant(inZone: "Europe/Paris") == instant)
        #expect(LocalDate(year: 2024, month: 2, day: 28).adding(days: 1).description == "2024-02-29")
    }

    @Test func encodesAsUTCStringInJSON() throws {
        let instant = try #require(Instant(rfc3339: "2025-11-20T09:15:00+01:00"))
        let data = try JSONEncoder().encode([instant])
        #expect(String(decoding: data, as: UTF8.self) == #"["2025-11-20T08:15:00Z"]"#)
        #expect(try JSONDecoder().decode([Instant].self, from: data) == [instant])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([Instant].self, from: Data(#"["20 Nov 2025"]"#.utf8))
        }
    }

    @Test func dateConversionTruncatesTowardThePast() {
        #expect(Instant(Date(timeIntervalSince1970: 10.9)).secondsSince1970 == 10)
        #expect(Instant(Date(timeIntervalSince1970: -0.5)).secondsSince1970 == -1)
    }
}
