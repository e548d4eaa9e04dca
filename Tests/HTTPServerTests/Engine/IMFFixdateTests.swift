import AgoraLogging
import Testing
@testable import HTTPServer

@Suite("HTTP dates")
struct IMFFixdateTests {
    @Test("the RFC 9110 §5.6.7 example, zero-padded")
    func rfcExample() {
        let utc = TimestampCache.UTCFields(year: 1994, month: 11, day: 6, weekday: 0, hour: 8, minute: 49, second: 37)
        #expect(IMFFixdate.string(utc) == "Sun, 06 Nov 1994 08:49:37 GMT")
        let padded = TimestampCache.UTCFields(year: 2026, month: 1, day: 9, weekday: 5, hour: 0, minute: 5, second: 0)
        #expect(IMFFixdate.string(padded) == "Fri, 09 Jan 2026 00:05:00 GMT")
    }

    @Test("the cached Date header is the current second")
    func dateCache() {
        var cache = DateCache()
        cache.refresh()
        let text = String(decoding: cache.httpDate, as: UTF8.self)
        #expect(text == IMFFixdate.string(cache.timestamps.utc))
        #expect(text.count == 29 && text.hasSuffix(" GMT"), "\(text)")
    }
}
