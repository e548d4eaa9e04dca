#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `Date` header (IMF-fixdate, RFC 9110 §5.6.7) and the log timestamp prefix, formatted once per second per loop
/// rather than once per response.
struct DateCache {
    private var second = -1
    private(set) var httpDate: [UInt8] = []
    /// "2026-11-23T17:00:00." — the log line appends milliseconds and "Z".
    private(set) var isoPrefix: [UInt8] = []
    private(set) var milliseconds = 0

    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func refresh() {
        let (seconds, millis) = SystemClock.wallClock()
        milliseconds = millis
        guard seconds != second else { return }
        second = seconds
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let year = Int(parts.tm_year) + 1900
        httpDate = Array("\(Self.days[Int(parts.tm_wday)]), \(Self.pad(Int(parts.tm_mday))) \(Self.months[Int(parts.tm_mon)]) \(year) \(Self.pad(Int(parts.tm_hour))):\(Self.pad(Int(parts.tm_min))):\(Self.pad(Int(parts.tm_sec))) GMT".utf8)
        isoPrefix = Array("\(year)-\(Self.pad(Int(parts.tm_mon) + 1))-\(Self.pad(Int(parts.tm_mday)))T\(Self.pad(Int(parts.tm_hour))):\(Self.pad(Int(parts.tm_min))):\(Self.pad(Int(parts.tm_sec))).".utf8)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
