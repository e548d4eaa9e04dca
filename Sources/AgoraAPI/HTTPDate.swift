public import AgoraDomain

/// An HTTP date (RFC 9110 §5.6.7) at one-second resolution, as `Last-Modified` and `If-Modified-Since` carry it.
/// Self-contained calendar arithmetic (Howard Hinnant's civil-from-days), so no Foundation formatter is needed.
public struct HTTPDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSince1970: Int64

    public init(_ instant: Instant) {
        self.secondsSince1970 = instant.secondsSince1970
    }

    public static func < (lhs: HTTPDate, rhs: HTTPDate) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    private static let days = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public var description: String {
        let dayNumber = Self.floorDivide(secondsSince1970, 86_400)
        let secondOfDay = Int(secondsSince1970 - dayNumber * 86_400)
        let (year, month, day) = Self.civil(fromDays: dayNumber)
        let weekday = Self.days[Int(((dayNumber % 7) + 7) % 7)]
        return "\(weekday), \(Self.pad(day)) \(Self.months[month - 1]) \(year) "
            + "\(Self.pad(secondOfDay / 3600)):\(Self.pad(secondOfDay % 3600 / 60)):\(Self.pad(secondOfDay % 60)) GMT"
    }

    /// Parses IMF-fixdate. The obsolete RFC 850 and asctime forms yield nil, which makes a conditional header
    /// be ignored (§13.1.3: an invalid date means the condition is not evaluated) — a full answer, never a wrong 304.
    public init?(parsing text: String) {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), parts[5] == "GMT",
              parts[1].count == 2, let day = Int(parts[1]),
              let monthIndex = Self.months.firstIndex(of: String(parts[2])),
              parts[3].count == 4, let year = Int(parts[3]) else { return nil }
        let clock = parts[4].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }),
              let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
              (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = Self.days(fromCivil: year, monthIndex + 1, day)
        self.secondsSince1970 = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let shiftedYear = Int64(month <= 2 ? year - 1 : year)
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * Int64((month + 9) % 12) + 2) / 5 + Int64(day) - 1
        return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }
}
