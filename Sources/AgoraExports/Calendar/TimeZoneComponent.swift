import AgoraDomain

/// VTIMEZONE (RFC 5545 §3.6.5) for an IANA zone, generated from the domain's `TimeZoneRules` for the years a calendar
/// spans — never a hard-coded rule — so a calendar that does not know the zone id still shows the right wall clock.
enum TimeZoneComponent {
    /// Writes `identifier`'s offsets in force during `years` (whole calendar years, in UTC): one observance per offset
    /// change, STANDARD or DAYLIGHT by whether the change moves the clock back or forward, after the offset in force
    /// when the first year begins.
    static func write(_ identifier: String, years: ClosedRange<Int>, into lines: inout ContentLines) {
        let start = Instant(secondsSince1970: LocalDateTime(year: years.lowerBound, month: 1, day: 1).secondsSinceEpochAsIfUTC)
        let end = Instant(secondsSince1970: LocalDateTime(year: years.upperBound + 1, month: 1, day: 1).secondsSinceEpochAsIfUTC)
        guard let initial = TimeZoneRules.utcOffset(of: identifier, at: start) else { return }
        lines.begin("VTIMEZONE")
        lines.property("TZID", identifier)
        let transitions = TimeZoneRules.transitions(of: identifier, in: start..<end)
        // The offset in force when the first year begins, so no time of the calendar precedes every onset: standard
        // time unless the first change moves the clock back (a southern-hemisphere summer).
        let first = transitions.first.map { $0.offsetAfter < $0.offsetBefore } ?? false ? "DAYLIGHT" : "STANDARD"
        lines.begin(first)
        lines.property("DTSTART", CalendarTime.local(start, inZone: identifier))
        lines.property("TZOFFSETFROM", CalendarTime.offset(initial))
        lines.property("TZOFFSETTO", CalendarTime.offset(initial))
        lines.end(first)
        for transition in transitions {
            let kind = transition.offsetAfter > transition.offsetBefore ? "DAYLIGHT" : "STANDARD"
            lines.begin(kind)
            // §3.6.5: DTSTART is the onset as the wall clock read it before the change (02:00 when it springs to 03:00).
            let onset = LocalDateTime(secondsSinceEpochAsIfUTC: transition.at.secondsSince1970 + Int64(transition.offsetBefore))
            lines.property("DTSTART", CalendarTime.basic(onset))
            lines.property("TZOFFSETFROM", CalendarTime.offset(transition.offsetBefore))
            lines.property("TZOFFSETTO", CalendarTime.offset(transition.offsetAfter))
            lines.end(kind)
        }
        lines.end("VTIMEZONE")
    }
}
