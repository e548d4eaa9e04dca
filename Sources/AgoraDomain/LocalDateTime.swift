/// A wall-clock date and time with no zone attached (proleptic Gregorian calendar).
///
/// It exists to convert between instants and what a clock on the wall shows in some zone; the
/// arithmetic is Howard Hinnant's days-from-civil algorithm, so no calendar object is needed.
public struct LocalDateTime: Hashable, Comparable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    public var date: LocalDate { LocalDate(year: year, month: month, day: day) }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        lhs.secondsSinceEpochAsIfUTC < rhs.secondsSinceEpochAsIfUTC
    }

    /// The seconds this wall-clock reading would be if it were read in UTC.
    package var secondsSinceEpochAsIfUTC: Int64 {
        LocalDate(year: year, month: month, day: day).daysSinceEpoch * 86_400
            + Int64(hour * 3600 + minute * 60 + second)
    }

    package init(secondsSinceEpochAsIfUTC seconds: Int64) {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let date = LocalDate(daysSinceEpoch: days)
        self.init(year: date.year, month: date.month, day: date.day,
                  hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// `YYYY-MM-DDTHH:MM:SS` plus `Z` or `±HH:MM`.
    func rfc3339(offsetSeconds: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(25)
        appendRFC3339(offsetSeconds: offsetSeconds, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// The same appended as bytes (RFC 3339 §5.6), so the store's journal writer makes no String per instant.
    package func appendRFC3339(offsetSeconds: Int, to out: inout [UInt8]) {
        date.appendISO8601(to: &out)
        out.append(UInt8(ascii: "T"))
        Self.appendPadded(hour, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendPadded(minute, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendPadded(second, 2, to: &out)
        if offsetSeconds == 0 { return out.append(UInt8(ascii: "Z")) }
        let magnitude = abs(offsetSeconds)
        out.append(offsetSeconds < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        Self.appendPadded(magnitude / 3600, 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendPadded(magnitude % 3600 / 60, 2, to: &out)
    }

    /// Reads the first 19 bytes as `YYYY-MM-DDTHH:MM:SS`, rejecting impossible dates (31 April, 25:00).
    init?(isoPrefix bytes: [UInt8]) {
        guard bytes.count >= 19,
              bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let year = Self.digits(bytes, 0, 4), let month = Self.digits(bytes, 5, 2),
              let day = Self.digits(bytes, 8, 2), let hour = Self.digits(bytes, 11, 2),
              let minute = Self.digits(bytes, 14, 2), let second = Self.digits(bytes, 17, 2),
              (1...12).contains(month), day >= 1, day <= LocalDate.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }

    static func digits(_ bytes: [UInt8], _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<start + count] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// `value` in decimal, with leading zeros up to `width` digits (a wider or negative value as it is, zeros first).
    static func appendPadded(_ value: Int, _ width: Int, to out: inout [UInt8]) {
        var limit = 1
        for _ in 0..<width { limit *= 10 }
        guard value >= 0, value < limit else {
            let digits = String(value).utf8
            for _ in digits.count..<max(width, digits.count) { out.append(UInt8(ascii: "0")) }
            return out.append(contentsOf: digits)
        }
        while limit > 1 {
            limit /= 10
            out.append(UInt8(ascii: "0") + UInt8(value / limit % 10))
        }
    }
}
