import Foundation
@testable import HTTPServer
import Testing

/// Not a check: prints what one cached `GET /events?past=true` costs against an uncached one (a query that misses
/// the cache each time, so it is rendered, encoded and hashed). Run in release:
/// `AGORA_MEASURE=1 swift test -c release -Xswiftc -enable-testing --filter ReadCostMeasurement`.
@Suite("Read cost measurement", .enabled(if: ProcessInfo.processInfo.environment["AGORA_MEASURE"] != nil))
struct ReadCostMeasurement {
    @Test func cachedVersusUncached() throws {
        let fixture = try APIFixture()
        let iterations = 20_000
        let requests = (0..<iterations).map { APIFixture.request(.get, "/events?past=true&miss=\($0)") }
        let cachedRequest = APIFixture.request(.get, "/events?past=true")
        let clock = ContinuousClock()
        var bytes = 0
        let uncached = clock.measure {
            for request in requests {
                if case .now(let response) = fixture.responder.respond(to: request) { bytes &+= response.body.count }
            }
        }
        let cached = clock.measure {
            for _ in 0..<iterations {
                if case .now(let response) = fixture.responder.respond(to: cachedRequest) { bytes &+= response.body.count }
            }
        }
        let perUncached = uncached / iterations
        let perCached = cached / iterations
        print("GET /events?past=true (\(bytes / (2 * iterations)) bytes): uncached \(perUncached) per request, "
              + "cached \(perCached) per request, uncached/cached \(uncached / cached)")
    }
}
