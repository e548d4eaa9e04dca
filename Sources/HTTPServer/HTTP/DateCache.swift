import AgoraLogging

/// The `Date` header and the log timestamp, formatted once per second per loop rather than once per response. The
/// clock and the calendar fields come from `TimestampCache` (AgoraLogging), the same one every log line uses; the
/// header's layout from `IMFFixdate`.
struct DateCache {
    private(set) var timestamps = TimestampCache()
    /// "Sun, 06 Nov 1994 08:49:37 GMT".
    private(set) var httpDate: [UInt8] = []

    mutating func refresh() {
        guard timestamps.refresh() else { return }
        httpDate.removeAll(keepingCapacity: true)
        IMFFixdate.append(timestamps.utc, to: &httpDate)
    }
}
