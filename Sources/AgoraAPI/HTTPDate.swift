public import AgoraDomain
import AgoraLogging
import HTTPServer

/// An HTTP date (RFC 9110 §5.6.7) at one-second resolution, as `Last-Modified` and `If-Modified-Since` carry it.
/// The calendar arithmetic is the domain's (`LocalDateTime`, `LocalDate`) and the layout the engine's (`IMFFixdate`,
/// which also writes the `Date` header), so neither exists twice and no Foundation formatter is needed.
public struct HTTPDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSince1970: Int64

    public init(_ instant: Instant) {
        self.secondsSince1970 = instant.secondsSince1970
    }

    public static func < (lhs: HTTPDate, rhs: HTTPDate) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    /// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public var description: String {
        let time = LocalDateTime(secondsSinceEpochAsIfUTC: secondsSince1970)
        // 1970-01-01 was a Thursday (weekday 4, counting Sunday as 0).
        let weekday = Int(((time.date.daysSinceEpoch + 4) % 7 + 7) % 7)
        return IMFFixdate.string(.init(year: time.year, month: time.month, day: time.day, weekday: weekday,
                                       hour: time.hour, minute: time.minute, second: time.second))
    }

    /// Parses IMF-fixdate. The obsolete RFC 850 and asctime forms yield nil, which makes a conditional header
    /// be ignored (§13.1.3: an invalid date means the condition is not evaluated) — a full answer, never a wrong 304.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
              parts[1].count == 2, let day = Int(parts[1]),
              let monthIndex = IMFFixdate.months.firstIndex(of: String(parts[2])),
              parts[3].count == 4, let year = Int(parts[3]) else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        // A leap second (:60) is read as :59 (an instant here has no 61st second).
        self.secondsSince1970 = LocalDateTime(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute,
                                              second: min(second, 59)).secondsSinceEpochAsIfUTC
    }
}
