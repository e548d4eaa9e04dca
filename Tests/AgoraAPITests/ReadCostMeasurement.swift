import Foundation
import Glibc
@testable import HTTPServer
import Testing

/// Not a check: prints what one cached `GET /events?past=true` costs against an uncached one (a query that misses
/// the cache each time, so it is rendered, encoded and hashed), through the Responder, in thread CPU time (so other
/// work on the machine does not count). Run in release:
/// `AGORA_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter ReadCostMeasurement`.
@Suite("Read cost measurement", .enabled(if: ProcessInfo.processInfo.environment["AGORA_MEASURE"] != nil))
struct ReadCostMeasurement {
    static func threadCPUNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }

    @Test func cachedVersusUncached() throws {
        let fixture = try APIFixture()
        let iterations = 20_000
        let requests = (0..<iterations).map { APIFixture.request(.get, "/events?past=true&miss=\($0)") }
        let cachedRequest = APIFixture.request(.get, "/events?past=true")
        var bytes = 0
        let start = Self.threadCPUNanoseconds()
        for request in requests {
            if case .now(let response) = fixture.responder.respond(to: request) { bytes &+= response.body.count }
        }
        let middle = Self.threadCPUNanoseconds()
        for _ in 0..<iterations {
            if case .now(let response) = fixture.responder.respond(to: cachedRequest) { bytes &+= response.body.count }
        }
        let end = Self.threadCPUNanoseconds()
        let uncached = Double(middle - start) / Double(iterations) / 1000
        let cached = Double(end - middle) / Double(iterations) / 1000
        print("GET /events?past=true (\(bytes / (2 * iterations)) bytes), CPU per request: uncached \(uncached) µs, "
              + "cached \(cached) µs, ratio \(uncached / cached)")
    }
}
