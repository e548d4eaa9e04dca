public import AgoraDomain

/// iCalendar (RFC 5545, with RFC 7986's calendar properties) of a programme: one VEVENT per slot, and for a whole
/// event one more spanning it. Times are written in the event's zone (`DTSTART;TZID=…`) with a VTIMEZONE generated
/// from the domain's rules; UIDs come from the ids, so they stay the same across renders, restarts and a
/// cancellation; SEQUENCE and LAST-MODIFIED from the revisions the domain keeps (`Event.stamped(against:)`).
public struct CalendarExport: Sendable {
    /// The calendar's name (RFC 7986 NAME, and X-WR-CALNAME for clients that read only that).
    public var name: String
    /// How often a subscribed client should fetch again (RFC 7986 REFRESH-INTERVAL, X-PUBLISHED-TTL), in seconds.
    public var refreshInterval: Int
    /// Every entry CANCELLED whatever the event's status (a cancelled registration's own calendar).
    public var cancelled = false
    var language: ExportLanguage
    /// The VEVENTs written after the VTIMEZONEs, which must know every zone first.
    private var body = ContentLines()
    private var zones: [String: ClosedRange<Int>] = [:]

    public init(name: String, refreshInterval: Int, languages: [String]) {
        self.name = name
        self.refreshInterval = refreshInterval
        self.language = ExportLanguage(ranked: languages)
    }

    /// The event as a VEVENT spanning it (naming `partners` in its description), then each of its slots in
    /// programme order.
    public mutating func add(event: Event, partners: [String] = []) {
        add(event: event, partners: partners, slots: event.programme)
    }

    /// The event as a VEVENT spanning it, then `slots` (of that event).
    public mutating func add(event: Event, partners: [String] = [], slots: [ProgrammeSlot]) {
        writeEvent(event, partners: partners)
        for slot in slots { add(slot: slot, of: event) }
    }

    /// One slot as a VEVENT.
    public mutating func add(slot: ProgrammeSlot, of event: Event) {
        writeSlot(slot, of: event)
    }

    /// The finished calendar.
    public mutating func finish() -> ExportDocument {
        var document = ContentLines()
        document.begin("VCALENDAR")
        document.property("VERSION", "2.0")
        document.property("PRODID", "-//Agora//Agora programme//EN")
        document.property("CALSCALE", "GREGORIAN")
        document.property("METHOD", "PUBLISH")
        document.property("NAME", CalendarText.escaped(name))
        document.property("X-WR-CALNAME", CalendarText.escaped(name))
        let ttl = "PT\(max(60, refreshInterval) / 60)M"
        document.property("REFRESH-INTERVAL", [("VALUE", "DURATION")], ttl)
        document.property("X-PUBLISHED-TTL", ttl)
        if zones.count == 1, let zone = zones.keys.first { document.property("X-WR-TIMEZONE", zone) }
        for zone in zones.keys.sorted() {
            if let years = zones[zone] { TimeZoneComponent.write(zone, years: years, into: &document) }
        }
        var bytes = document.bytes
        bytes += body.bytes
        var end = ContentLines()
        end.end("VCALENDAR")
        bytes += end.bytes
        return ExportDocument(bytes: bytes, languages: language.served)
    }

    /// Notes that `instant` is written in `zone`, so its VTIMEZONE covers that year.
    mutating func uses(_ zone: String, at instant: Instant) {
        let year = LocalDateTime(secondsSinceEpochAsIfUTC: instant.secondsSince1970).year
        let years = zones[zone].map { min($0.lowerBound, year)...max($0.upperBound, year) } ?? year...year
        zones[zone] = years
    }

    mutating func write(_ build: (inout ContentLines) -> Void) {
        build(&body)
    }
}
