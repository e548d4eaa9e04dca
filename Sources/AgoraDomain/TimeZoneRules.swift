import FoundationEssentials
// FoundationEssentials' `TimeZone(identifier:)` only knows fixed offsets on Linux (it returns nil for
// "Europe/Luxembourg"); the IANA rules come with FoundationInternationalization (ICU's bundled tz data,
// independent of /usr/share/zoneinfo). This file is the only place that imports it, and the only
// question it asks is "what is the UTC offset of zone Z at instant T"; all other date arithmetic is ours.
import FoundationInternationalization

/// UTC offsets of IANA time zones (`Europe/Luxembourg`, `Europe/Paris`).
public enum TimeZoneRules {
    /// True when `identifier` names an IANA zone (case-sensitive, as IANA spells it).
    public static func isKnown(_ identifier: String) -> Bool {
        ZoneOffsetCache.shared.isKnown(identifier)
    }

    /// Seconds east of UTC in force in `identifier` at `instant`; nil for an unknown zone. Answered from
    /// `ZoneOffsetCache` (one ICU question per zone and UTC day): asking ICU each time was about 3 800
    /// instructions per instant, eleven instants per event page (issue 16).
    public static func utcOffset(of identifier: String, at instant: Instant) -> Int? {
        ZoneOffsetCache.shared.utcOffset(of: identifier, at: instant)
    }

    /// The zone ICU knows by exactly this spelling, nil otherwise.
    static func zone(_ identifier: String) -> TimeZone? {
        // ICU accepts some aliases in other casing; the domain wants one spelling per zone.
        guard let zone = TimeZone(identifier: identifier), zone.identifier == identifier else { return nil }
        return zone
    }

    /// The offset straight from ICU, without the cache (the cache's own source, and its tests' reference).
    package static func uncachedUTCOffset(of identifier: String, at instant: Instant) -> Int? {
        zone(identifier)?.secondsFromGMT(for: instant.date)
    }
}

extension Instant {
    /// RFC 3339 with the zone's offset at that instant, e.g. `2025-11-20T09:15:00+01:00` for
    /// `Europe/Luxembourg`. An unknown zone renders in UTC (`…Z`): validation keeps unknown zones
    /// out of the state, so this only happens for input that was never accepted.
    public func rfc3339(inZone identifier: String) -> String {
        let offset = TimeZoneRules.utcOffset(of: identifier, at: self) ?? 0
        return LocalDateTime(secondsSinceEpochAsIfUTC: secondsSince1970 + Int64(offset))
            .rfc3339(offsetSeconds: offset)
    }

    /// The same appended as bytes (a representation writing straight into its body).
    public func appendRFC3339(inZone identifier: String, to out: inout [UInt8]) {
        let offset = TimeZoneRules.utcOffset(of: identifier, at: self) ?? 0
        LocalDateTime(secondsSinceEpochAsIfUTC: secondsSince1970 + Int64(offset))
            .appendRFC3339(offsetSeconds: offset, to: &out)
    }

    /// What a wall clock in the zone shows at this instant (UTC for an unknown zone).
    public func localDateTime(inZone identifier: String) -> LocalDateTime {
        let offset = TimeZoneRules.utcOffset(of: identifier, at: self) ?? 0
        return LocalDateTime(secondsSinceEpochAsIfUTC: secondsSince1970 + Int64(offset))
    }
}

extension LocalDateTime {
    /// The instant a wall clock in the zone shows this reading. In the autumn overlap the earlier
    /// instant wins (the first time the clock shows it); in the spring gap the reading is taken with
    /// the offset before the change (02:30 becomes 03:30 summer time), as calendars usually do.
    /// Nil for an unknown zone.
    public func instant(inZone identifier: String) -> Instant? {
        let asIfUTC = secondsSinceEpochAsIfUTC
        let dayBefore = Instant(secondsSince1970: asIfUTC - 86_400)
        let dayAfter = Instant(secondsSince1970: asIfUTC + 86_400)
        guard let before = TimeZoneRules.utcOffset(of: identifier, at: dayBefore),
              let after = TimeZoneRules.utcOffset(of: identifier, at: dayAfter) else { return nil }
        let candidates = [before, after].map { Instant(secondsSince1970: asIfUTC - Int64($0)) }
        let exact = candidates.filter { candidate in
            TimeZoneRules.utcOffset(of: identifier, at: candidate).map {
                candidate.secondsSince1970 + Int64($0) == asIfUTC
            } ?? false
        }
        return exact.min() ?? candidates[0]
    }
}

extension LocalDate {
    /// The instant this day begins in the zone (midnight, or the first moment after a gap).
    public func start(inZone identifier: String) -> Instant? {
        LocalDateTime(year: year, month: month, day: day).instant(inZone: identifier)
    }
}
