import Foundation
import Glibc
@testable import HTTPServer
import Testing

/// Not a check: prints what one cached `GET /events/assises-sociales-2025` (the 2025 seed event's page) costs
/// against an uncached one (another `?lang=` variant each time — `de-b1`, `de-b2`, … all served in German — so each
/// misses the cache and is rendered, encoded and hashed), through the Responder, in thread CPU time (so other work
/// on the machine does not count). Every answer must be a 200: the uncached requests were once `?miss=N`, which the
/// API refuses with a 400, so the figure was a problem's cost, not a render's. `agora-bench render-bench` measures
/// the same miss without the router. Run in release:
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
        let page = "/events/assises-sociales-2025"
        let requests = (0..<iterations).map { APIFixture.request(.get, "\(page)?lang=de-b\($0)") }
        let cachedRequest = APIFixture.request(.get, "\(page)?lang=de")
        var bytes = 0, failures = 0
        let start = Self.threadCPUNanoseconds()
        for request in requests {
            guard case .now(let response) = fixture.responder.respond(to: request), response.status == .ok else { failures += 1; continue }
            bytes &+= response.body.count
        }
        let middle = Self.threadCPUNanoseconds()
        for _ in 0..<iterations {
            guard case .now(let response) = fixture.responder.respond(to: cachedRequest), response.status == .ok else { failures += 1; continue }
            bytes &+= response.body.count
        }
        let end = Self.threadCPUNanoseconds()
        let uncached = Double(middle - start) / Double(iterations) / 1000
        let cached = Double(end - middle) / Double(iterations) / 1000
        #expect(failures == 0, "every measured request must be a 200")
        print("GET \(page)?lang=de (\(bytes / (2 * iterations)) bytes), CPU per request: uncached \(uncached) µs, "
              + "cached \(cached) µs, ratio \(uncached / cached)")
    }
}
