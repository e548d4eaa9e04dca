import Dispatch
import Glibc
import Synchronization
import Testing
@testable import HTTPServer
import TestSupport

/// What `HTTPServer.metrics` reports, with the engine's test server: each loop counts on its own and a scrape adds
/// the loops up.
@Suite("Server metrics")
struct ServerMetricsTests {
    /// The scrape, waited for on the test thread (it completes on another one).
    static func scrape(_ server: HTTPServer) -> ServerMetrics {
        let answer = ScrapeAnswer()
        server.metrics { answer.set($0) }
        return answer.wait()
    }

    @Test("requests are counted by route template and status; unmatched paths share one label",
          arguments: EventLoopBackend.allCases)
    func requestsByRouteTemplate(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            for path in ["/items/7", "/items/8", "/items/9", "/nowhere/1", "/nowhere/2"] {
                try client.send(get(path))
                _ = try client.readResponse()
            }
            let metrics = Self.scrape(server.server)
            let items = metrics.requests.filter { $0.route == "/items/{id}" }
            #expect(items.count == 1 && items.first?.status == 200 && items.first?.method == "GET")
            #expect(items.first?.durations.count == 3)
            #expect(items.first.map { $0.durations.sum > 0 } == true)
            let unmatched = metrics.requests.filter { $0.route == ServerMetrics.unmatchedRoute }
            #expect(unmatched.count == 1 && unmatched.first?.status == 404 && unmatched.first?.durations.count == 2)
            #expect(!metrics.requests.contains { $0.route.contains("nowhere") || $0.route.contains("7") })
            #expect(metrics.bytesReceived > 0 && metrics.bytesSent > 0)
        }
    }

    @Test("a held request is active, and in the writing state, until it is answered", arguments: EventLoopBackend.allCases)
    func activeRequests(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/held"))
            #expect(server.gate.waitForArrival())
            let held = Self.scrape(server.server)
            #expect(held.activeRequests == 1)
            #expect(held.connections.writing == 1)
            server.gate.open()
            #expect(try client.readResponse().status == 200)
            #expect(Self.scrape(server.server).activeRequests == 0)
        }
    }

    @Test("a held request whose client resets the connection stops being active at once, not when its answer comes",
          arguments: EventLoopBackend.allCases)
    func resetClientIsNoLongerActive(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            do {
                let client = try RawClient(port: server.port)
                try client.send(get("/held"))
                #expect(server.gate.waitForArrival())
                #expect(Self.scrape(server.server).activeRequests == 1)
                // SO_LINGER 0: the close below sends RST, which the loop reads as a failed connection and closes it.
                var option = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
            }
            #expect(eventually { Self.scrape(server.server).activeRequests == 0 }, "the gate is still closed")
        }
    }

    @Test("off: no request durations are recorded")
    func recordingOff() throws {
        try withServer(.platformDefault, configure: { $0.recordsMetrics = false }) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/items/1"))
            _ = try client.readResponse()
            #expect(Self.scrape(server.server).requests.isEmpty)
        }
    }
}

/// One scrape's answer, handed from the thread that completes it to the waiting test.
final class ScrapeAnswer: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let value = Mutex(ServerMetrics())
    func set(_ metrics: ServerMetrics) {
        value.withLock { $0 = metrics }
        done.signal()
    }
    func wait() -> ServerMetrics {
        done.wait()
        return value.withLock { $0 }
    }
}
