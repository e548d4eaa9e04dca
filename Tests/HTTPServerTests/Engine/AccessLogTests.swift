import Dispatch
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
        #expect(first.contains("\"method\":\"GET\",\"path\":\"/items/7\",\"route\":\"/items/{id}\",\"query\":null,\"status\":200,\"bytes\":10,"))
        #expect(first.contains("\"durationUs\":"))
        #expect(first.contains("\"requestId\":\"log-test-1\",\"peer\":\"127.0.0.1:"))
        #expect(lines.last?.contains("\"status\":404") == true)
        #expect(lines.last?.contains("\"route\":null") == true, "no route matched /nowhere")
    }

    @Test("the route template, the raw query, the token's role and name the application names, the TLS version")
    func routeQueryPrincipalAndTLS() throws {
        let log = CapturedLog("accesslog-principal", level: .info)
        var router = Router()
        router.get("/events/{id}") { _ in .now(.json("{}")) }
        // The application resolves credentials; the engine only logs what it is told (never the header itself).
        router.principal = { headers in
            headers["Authorization"] == "Bearer good" ? AccessPrincipal(role: "editor", name: "ci-editor") : nil
        }
        let server = HTTPServer(configuration: ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: 0)],
                                                                   loopCount: 1),
                                router: router, log: log.writer)
        let port = try server.start()[0]
        let client = try RawClient(port: port)
        try client.send(get("/events/e%201?lang=fr&past=true", "Authorization: Bearer good\r\n"))
        _ = try client.readResponse()
        try client.send(get("/events/e2", "Authorization: Bearer bad\r\n"))
        _ = try client.readResponse()
        let stopped = DispatchSemaphore(value: 0)
        server.shutdown { _ in stopped.signal() }
        stopped.wait()
        let lines = log.text.split(separator: "\n").filter { $0.contains("\"msg\":\"request\"") }
        #expect(lines.count == 2)
        let first = try #require(lines.first)
        #expect(first.contains("\"path\":\"/events/e%201\",\"route\":\"/events/{id}\",\"query\":\"lang=fr&past=true\","), "\(first)")
        #expect(first.contains("\"role\":\"editor\",\"token\":\"ci-editor\",\"tls\":null}"), "\(first)")
        #expect(!first.contains("Bearer"))
        #expect(lines.last?.contains("\"role\":null,\"token\":null,\"tls\":null}") == true)
    }
}
