import Testing
@testable import HTTPServer
import TestSupport

@Suite("Access log")
struct AccessLogTests {
    @Test("one JSON line per request with time, method, path, status, bytes, duration, request id and peer",
          arguments: EventLoopBackend.allCases)
    func oneLinePerRequest(backend: EventLoopBackend) throws {
        let log = CapturedLog("accesslog-\(backend.rawValue)", level: .info)
        #expect(log.isOpen)
        try withServer(backend, log: log.writer) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/items/7", "X-Request-Id: log-test-1\r\n"))
            _ = try client.readResponse()
            try client.send(get("/nowhere"))
            _ = try client.readResponse()
        }
        let text = log.text
        let lines = text.split(separator: "\n").filter { $0.contains("\"msg\":\"request\"") }
        #expect(lines.count == 2)
        let first = try #require(lines.first)
        #expect(first.hasPrefix("{\"time\":\""))
        #expect(first.contains("Z\",\"level\":\"info\""))
        #expect(first.contains("\"method\":\"GET\",\"path\":\"/items/7\",\"status\":200,\"bytes\":10,"))
        #expect(first.contains("\"durationUs\":"))
        #expect(first.contains("\"requestId\":\"log-test-1\",\"peer\":\"127.0.0.1:"))
        #expect(lines.last?.contains("\"status\":404") == true)
    }
}
