public import AgoraLogging

/// The preferred HTTP date format, IMF-fixdate (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`. The engine's
/// `Date` header is built with it; anything else that writes an HTTP date (`Last-Modified`) can use it too, so the
/// layout exists once.
public enum IMFFixdate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    /// The month names in order (RFC 9110 §5.6.7 `month`), for writing and for parsing.
    public static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Appends the date of `utc` (weekday 0 = Sunday, month 1...12).
    public static func append(_ utc: TimestampCache.UTCFields, to out: inout [UInt8]) {
        out.append(contentsOf: days[min(max(utc.weekday, 0), 6)].utf8)
        out.append(contentsOf: ", ".utf8)
        TimestampCache.appendDigits(utc.day, count: 2, to: &out)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: months[min(max(utc.month - 1, 0), 11)].utf8)
        out.append(UInt8(ascii: " "))
        TimestampCache.appendDigits(utc.year, count: 4, to: &out)
        out.append(UInt8(ascii: " "))
        TimestampCache.appendClockTime(utc, to: &out)
        out.append(contentsOf: " GMT".utf8)
    }

    public static func string(_ utc: TimestampCache.UTCFields) -> String {
        var bytes: [UInt8] = []
        append(utc, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
