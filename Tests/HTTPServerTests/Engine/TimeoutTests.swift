import Testing
@testable import HTTPServer
import TestSupport

/// Each timeout over a real socket, with short timeouts set by the test; the server's tick enforces them.
@Suite("Timeouts over loopback")
struct TimeoutTests {
    static func short(_ configuration: inout ServerConfiguration) {
        configuration.timeouts = ConnectionTimeouts(header: .milliseconds(300), body: .milliseconds(300),
                                                    idle: .milliseconds(300), write: .milliseconds(300))
    }

    @Test("a partial request line left hanging gets 408 and is closed", arguments: EventLoopBackend.allCases)
    func headerTimeout(backend: EventLoopBackend) throws {
        try withServer(backend, configure: Self.short) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /hel")
            let response = try client.readResponse(timeout: .seconds(5))
            #expect(response.status == 408)
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(try client.waitForClose())
        }
    }

    @Test("a client dribbling header bytes does not extend the header deadline (slowloris)", arguments: EventLoopBackend.allCases)
    func slowloris(backend: EventLoopBackend) throws {
        try withServer(backend, configure: Self.short) { server in
            let client = try RawClient(port: server.port)
            try client.send("GET /hello HTTP/1.1\r\n")
            // Keep sending a header byte every 50 ms: the 300 ms deadline still fires.
            var timedOut = false
            for index in 0..<100 {
                if !client.staysSilent(for: .milliseconds(50)) { timedOut = true; break }
                try? client.send("X-\(index): y\r\n")
            }
            #expect(timedOut)
            #expect(try client.readResponse().status == 408)
        }
    }

    @Test("a body that stops arriving gets 408", arguments: EventLoopBackend.allCases)
    func bodyTimeout(backend: EventLoopBackend) throws {
        try withServer(backend, configure: Self.short) { server in
            let client = try RawClient(port: server.port)
            try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try client.readResponse().status == 408)
            #expect(try client.waitForClose())
        }
    }

    @Test("an idle keep-alive connection is closed silently", arguments: EventLoopBackend.allCases)
    func idleTimeout(backend: EventLoopBackend) throws {
        try withServer(backend, configure: Self.short) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/hello"))
            #expect(try client.readResponse().status == 200)
            #expect(try client.waitForClose(timeout: .seconds(5)), "closed without another response")
        }
    }

    @Test("a connection that never sends anything is closed", arguments: EventLoopBackend.allCases)
    func silentConnection(backend: EventLoopBackend) throws {
        try withServer(backend, configure: Self.short) { server in
            let client = try RawClient(port: server.port)
            #expect(try client.waitForClose(timeout: .seconds(5)))
        }
    }

    @Test("a reader that stops reading a large response is dropped after the write timeout", arguments: EventLoopBackend.allCases)
    func writeTimeout(backend: EventLoopBackend) throws {
        try withServer(backend, configure: { Self.short(&$0); $0.outputBufferLimit = 128 << 20 }) { server in
            let client = try RawClient(port: server.port, receiveBuffer: 4096)
            try client.send(get("/big/67108864"))   // 64 MiB: far more than the socket buffers hold
            #expect(eventually { server.server.openConnections == 1 }, "accepted")
            #expect(eventually { server.server.openConnections == 0 }, "dropped after the write timeout")
        }
    }
}
