import AgoraLogging

/// The `Date` field's format (RFC 5322 §3.3), always in UTC (`+0000`): `Tue, 01 Dec 2026 21:07:08 +0000`. The
/// date and time come from `TimestampCache.UTCFields`, the one conversion of the clock the logs and HTTP dates use.
enum MailDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func rfc5322(_ seconds: Int64) -> String {
        let utc = TimestampCache.UTCFields(secondsSince1970: Int(clamping: seconds))
        var out = Array(days[min(max(utc.weekday, 0), 6)].utf8)
        out.append(contentsOf: ", ".utf8)
        TimestampCache.appendDigits(utc.day, count: 2, to: &out)
        out.append(contentsOf: " \(months[min(max(utc.month - 1, 0), 11)]) \(utc.year) ".utf8)
        TimestampCache.appendClockTime(utc, to: &out)
        out.append(contentsOf: " +0000".utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
