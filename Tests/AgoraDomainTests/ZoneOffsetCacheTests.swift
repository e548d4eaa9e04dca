import AgoraDomain
import Testing
import TestSupport

/// The cached offsets (`TimeZoneRules.utcOffset`, by zone and UTC day) against ICU asked each time, which is what
/// every render did before issue 16: the same offset, and the same RFC 3339 text, at random instants and at every
/// second around each offset change.
@Suite struct ZoneOffsetCacheTests {
    static let zones = ["Europe/Luxembourg", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]

    /// The formatting before the cache: the wall clock read as if UTC, then the offset as `±HH:MM` (or `Z`).
    static func reference(_ instant: Instant, _ zone: String) throws -> String {
        let offset = try #require(TimeZoneRules.uncachedUTCOffset(of: zone, at: instant))
        let wall = Instant(secondsSince1970: instant.secondsSince1970 + Int64(offset)).rfc3339UTC.dropLast()
        if offset == 0 { return wall + "Z" }
        let magnitude = abs(offset)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return wall + (offset < 0 ? "-" : "+") + two(magnitude / 3600) + ":" + two(magnitude % 3600 / 60)
    }

    @Test(arguments: zones)
    func randomInstantsFormatAsBefore(_ zone: String) throws {
        var random = SplitMix64(seed: 16)
        for _ in 0..<3_000 {
            // 1901 to 2100, before and after 1970.
            let instant = Instant(secondsSince1970: Int64.random(in: -2_174_000_000...4_102_444_800, using: &random))
            #expect(TimeZoneRules.utcOffset(of: zone, at: instant) == TimeZoneRules.uncachedUTCOffset(of: zone, at: instant))
            #expect(instant.rfc3339(inZone: zone) == (try Self.reference(instant, zone)))
        }
    }

    /// Every offset change from 2023 to 2027, found from ICU alone (hourly, then to the second), and the seconds
    /// around it — in both orders of first asking, so a day cached from either side answers the same.
    @Test(arguments: zones)
    func secondsAroundEveryChangeFormatAsBefore(_ zone: String) throws {
        let start: Int64 = 1_672_531_200, end: Int64 = 1_830_297_600
        var changes: [Int64] = []
        var previous = try #require(TimeZoneRules.uncachedUTCOffset(of: zone, at: Instant(secondsSince1970: start)))
        var hour = start
        while hour < end {
            let offset = try #require(TimeZoneRules.uncachedUTCOffset(of: zone, at: Instant(secondsSince1970: hour + 3600)))
            if offset != previous {
                var (low, high) = (hour, hour + 3600)
                while high - low > 1 {
                    let middle = low + (high - low) / 2
                    if TimeZoneRules.uncachedUTCOffset(of: zone, at: Instant(secondsSince1970: middle)) == previous { low = middle } else { high = middle }
                }
                changes.append(high)
                previous = offset
            }
            hour += 3600
        }
        if zone != "Asia/Kolkata" { #expect(changes.count >= 8) }
        for change in changes {
            for delta: Int64 in [1, 0, -1, -2, 3599, -3600, 86_399, -86_400] {
                let instant = Instant(secondsSince1970: change + delta)
                #expect(TimeZoneRules.utcOffset(of: zone, at: instant) == TimeZoneRules.uncachedUTCOffset(of: zone, at: instant),
                        "\(zone) at \(instant)")
                #expect(instant.rfc3339(inZone: zone) == (try Self.reference(instant, zone)))
            }
        }
    }

    @Test func unknownZonesStayUnknown() {
        let instant = Instant(secondsSince1970: 1_763_626_500)
        #expect(TimeZoneRules.utcOffset(of: "Europe/Atlantis", at: instant) == nil)
        #expect(!TimeZoneRules.isKnown("europe/luxembourg"))
        #expect(TimeZoneRules.isKnown("Europe/Luxembourg"))
        #expect(instant.rfc3339(inZone: "Europe/Atlantis") == "2025-11-20T08:15:00Z")
    }
}
