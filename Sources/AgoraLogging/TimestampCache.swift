#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The wall-clock time, broken down into UTC fields (`gmtime_r`) once per second rather than once per use: log
/// lines take their RFC 3339 timestamp from it, and the engine's `DateCache` builds the HTTP `Date` header from the
/// same fields. The one place that reads the wall clock and turns it into calendar fields.
public struct TimestampCache: Sendable {
    /// One second of UTC, broken down.
    public struct UTCFields: Sendable, Equatable {
        public var year = 1970
        /// 1 to 12.
        public var month = 1
        public var day = 1
        /// 0 (Sunday) to 6.
        public var weekday = 4
        public var hour = 0
        public var minute = 0
        public var second = 0

        public init(year: Int = 1970, month: Int = 1, day: Int = 1, weekday: Int = 4, hour: Int = 0, minute: Int = 0,
                    second: Int = 0) {
            self.year = year
            self.month = month
            self.day = day
            self.weekday = weekday
            self.hour = hour
            self.minute = minute
            self.second = second
        }

        /// The fields of a moment given in seconds since 1970 (UTC, `gmtime_r`): the one place the clock becomes a
        /// calendar date and a time of day.
        public init(secondsSince1970 seconds: Int) {
            var t = time_t(seconds)
            var parts = tm()
            gmtime_r(&t, &parts)
            self.init(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday),
                      weekday: Int(parts.tm_wday), hour: Int(parts.tm_hour), minute: Int(parts.tm_min),
                      second: Int(parts.tm_sec))
        }
    }

    private var secondsSince1970 = Int.min
    public private(set) var utc = UTCFields()
    /// The millisecond within the current second (read on every refresh).
    public private(set) var milliseconds = 0
    /// "2026-11-23T17:00:00." — rebuilt when the second changes; a timestamp appends milliseconds and "Z".
    private var isoPrefix: [UInt8] = []

    public init() {}

    /// Reads the wall clock. Returns true when a new second began (a cache built on `utc` must rebuild).
    @discardableResult
    public mutating func refresh() -> Bool {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        milliseconds = Int(now.tv_nsec) / 1_000_000
        let seconds = Int(now.tv_sec)
        guard seconds != secondsSince1970 else { return false }
        secondsSince1970 = seconds
        utc = UTCFields(secondsSince1970: seconds)
        isoPrefix.removeAll(keepingCapacity: true)
        Self.appendDigits(utc.year, count: 4, to: &isoPrefix)
        isoPrefix.append(UInt8(ascii: "-"))
        Self.appendDigits(utc.month, count: 2, to: &isoPrefix)
        isoPrefix.append(UInt8(ascii: "-"))
        Self.appendDigits(utc.day, count: 2, to: &isoPrefix)
        isoPrefix.append(UInt8(ascii: "T"))
        Self.appendClockTime(utc, to: &isoPrefix)
        isoPrefix.append(UInt8(ascii: "."))
        return true
    }

    /// RFC 3339 in UTC with milliseconds: "2026-11-23T17:00:00.123Z".
    public func appendTimestamp(to out: inout [UInt8]) {
        out.append(contentsOf: isoPrefix)
        Self.appendDigits(milliseconds, count: 3, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// "17:00:00", shared by the log timestamp and the HTTP date.
    public static func appendClockTime(_ utc: UTCFields, to out: inout [UInt8]) {
        appendDigits(utc.hour, count: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(utc.minute, count: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        appendDigits(utc.second, count: 2, to: &out)
    }

    /// `value` in exactly `count` decimal digits, zero-padded (values here are never negative nor too wide).
    public static func appendDigits(_ value: Int, count: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<max(count, 1) { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
