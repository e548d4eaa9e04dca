import AgoraDomain

/// DATE-TIME and UTC-OFFSET values (RFC 5545 §3.3.5, §3.3.14).
enum CalendarTime {
    /// Form #2, UTC: `20251120T081500Z` (DTSTAMP, LAST-MODIFIED must be in UTC, §3.8.7.2, §3.8.7.3).
    static func utc(_ instant: Instant) -> String {
        basic(LocalDateTime(secondsSinceEpochAsIfUTC: instant.secondsSince1970)) + "Z"
    }

    /// Form #3, local time with a zone reference: the `20251120T091500` of `DTSTART;TZID=Europe/Luxembourg:…`.
    static func local(_ instant: Instant, inZone zone: String) -> String {
        basic(instant.localDateTime(inZone: zone))
    }

    /// A wall-clock reading as `YYYYMMDDTHHMMSS`.
    static func basic(_ time: LocalDateTime) -> String {
        pad(time.year, 4) + pad(time.month, 2) + pad(time.day, 2) + "T" + pad(time.hour, 2) + pad(time.minute, 2)
            + pad(time.second, 2)
    }

    /// `+0100`, `-0330`; seconds only when the offset has some (§3.3.14).
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        let rest = magnitude % 60 == 0 ? "" : pad(magnitude % 60, 2)
        return sign + pad(magnitude / 3600, 2) + pad(magnitude / 60 % 60, 2) + rest
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
