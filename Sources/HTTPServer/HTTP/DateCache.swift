import AgoraLogging

/// The `Date` header (IMF-fixdate, RFC 9110 §5.6.7) and the log timestamp, formatted once per second per loop
/// rather than once per response. The clock and the calendar fields come from `TimestampCache` (AgoraLogging), the
/// same one every log line uses; only the IMF-fixdate layout is the engine's.
struct DateCache {
    private(set) var timestamps = TimestampCache()
    /// "Sun, 06 Nov 1994 08:49:37 GMT".
    private(set) var httpDate: [UInt8] = []

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func refresh() {
        guard timestamps.refresh() else { return }
        let utc = timestamps.utc
        httpDate.removeAll(keepingCapacity: true)
        httpDate.append(contentsOf: Self.days[utc.weekday].utf8)
        httpDate.append(contentsOf: ", ".utf8)
        TimestampCache.appendDigits(utc.day, count: 2, to: &httpDate)
        httpDate.append(UInt8(ascii: " "))
        httpDate.append(contentsOf: Self.months[utc.month - 1].utf8)
        httpDate.append(UInt8(ascii: " "))
        TimestampCache.appendDigits(utc.year, count: 4, to: &httpDate)
        httpDate.append(UInt8(ascii: " "))
        TimestampCache.appendClockTime(utc, to: &httpDate)
        httpDate.append(contentsOf: " GMT".utf8)
    }
}
