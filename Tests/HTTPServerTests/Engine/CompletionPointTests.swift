import TestSupport
import Testing
@testable import HTTPServer

/// CORS, problem mapping and the request id are applied once, where a response is completed — the same for an
/// immediate reply, a deferred one, and a deferred one that fails. Over real loopback sockets.
@Suite("The completion point")
struct CompletionPointTests {
    static func cors(_ configuration: inout ServerConfiguration) {
        configuration.cors = CORSPolicy(publicOrigins: ["*"], restrictedOrigins: ["https://admin.example"])
    }

    @Test("a deferred reply gets the CORS headers of its route, once, and the request id", arguments: EventLoopBackend.allCases)
    func deferredReplyIsDecoratedOnce(backend: EventLoopBackend) throws {
        try withServer(backend, configure: Self.cors) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/later/a", "Origin: https://front.example\r\nX-Request-Id: later-1\r\n"))
            let read = try client.readResponse()
            #expect(read.text == "\"a\"")
            #expect(read.header("Access-Control-Allow-Origin") == "*")
            #expect(read.headerCount("Access-Control-Expose-Headers") == 1)
            #expect(read.header("X-Request-Id") == "later-1")
            #expect(read.headerCount("X-Request-Id") == 1)

            // A restricted route answers the configured origin only, and says so with exactly one Vary.
            try client.send("POST /later/b HTTP/1.1\r\nHost: x\r\nOrigin: https://admin.example\r\nContent-Length: 0\r\n\r\n")
            let write = try client.readResponse()
            #expect(write.header("Access-Control-Allow-Origin") == "https://admin.example")
            #expect(write.headerCount("Vary") == 1)
            #expect(write.headerCount("Access-Control-Allow-Origin") == 1)
        }
    }

    @Test("a deferred failure becomes the same problem as a thrown one, with CORS", arguments: EventLoopBackend.allCases)
    func deferredFailureIsMapped(backend: EventLoopBackend) throws {
        try withServer(backend, configure: Self.cors) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/conflict", "Origin: https://front.example\r\n"))
            let thrown = try client.readResponse()
            try client.send(get("/later-conflict", "Origin: https://front.example\r\n"))
            let failed = try client.readResponse()
            for response in [thrown, failed] {
                #expect(response.status == 409)
                #expect(response.header("Content-Type") == "application/problem+json")
                #expect(response.text.contains(#""detail":"Registration is closed.""#))
                #expect(response.header("Access-Control-Allow-Origin") == "*")
            }
            // The same problem; only its occurrence, the URL asked for (RFC 9457 §3.1.5), differs.
            #expect(thrown.text.replacing("/conflict", with: "/later-conflict") == failed.text)
            #expect(failed.text.hasSuffix(#","instance":"http://localhost/later-conflict"}"#), "\(failed.text)")
        }
    }

    @Test("an unexpected deferred failure is a generic 500, logged once with its request id through the logger",
          arguments: EventLoopBackend.allCases)
    func unexpectedFailureIsLogged(backend: EventLoopBackend) throws {
        let log = CapturedLog("completion-\(backend.rawValue)", level: .error)
        #expect(log.isOpen)
        try withServer(backend, log: log.writer) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/later-crash", "X-Request-Id: crash-7\r\n"))
            let response = try client.readResponse()
            #expect(response.status == 500)
            #expect(!response.text.contains("CocoaStyleError"), "internals do not leak")
        }
        let text = log.text
        let lines = text.split(separator: "\n").filter { $0.contains("\"msg\":\"unhandled error\"") }
        #expect(lines.count == 1, "\(text)")
        #expect(lines.first?.contains("\"requestId\":\"crash-7\"") == true)
        #expect(lines.first?.contains("\"error\":\"CocoaStyleError()\"") == true)
        #expect(lines.first?.contains("\"label\":\"agora.http\"") == true)
        #expect(lines.first?.contains("\"level\":\"error\"") == true)
    }
}
