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

/// The lifecycle state machine on its own, with instants instead of a clock: no sleeping.
@Suite("Connection lifecycle")
struct ConnectionLifecycleTests {
    let timeouts = ConnectionTimeouts(header: .seconds(10), body: .seconds(30), idle: .seconds(60), write: .seconds(30),
                                      handshake: .seconds(5))
    let second: UInt64 = 1_000_000_000

    @Test func newConnectionMustSendWithinHeaderTimeout() {
        let lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        #expect(lifecycle.action(at: 9 * second) == .none)
        #expect(lifecycle.action(at: 10 * second) == .close, "nothing was sent: close without a response")
    }

    @Test func headerDeadlineIsFixedAtTheFirstByte() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.requestStarted(at: 1 * second)
        lifecycle.requestStarted(at: 8 * second)   // more bytes: the deadline does not move
        #expect(lifecycle.action(at: 10 * second) == .none)
        #expect(lifecycle.action(at: 11 * second) == .requestTimeout)
    }

    @Test func bodyThenHandlerThenIdle() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.requestStarted(at: 0)
        lifecycle.bodyStarted(at: 2 * second)
        #expect(lifecycle.action(at: 31 * second) == .none)
        #expect(lifecycle.action(at: 32 * second) == .requestTimeout)
        lifecycle.handlerStarted()
        #expect(lifecycle.action(at: 1000 * second) == .none, "no read deadline while the handler works")
        lifecycle.awaitingNextRequest(at: 1000 * second)
        #expect(lifecycle.action(at: 1059 * second) == .none)
        #expect(lifecycle.action(at: 1060 * second) == .close)
    }

    @Test func writeDeadlineRunsUntilOutputDrains() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0)
        lifecycle.handlerStarted()
        lifecycle.writeBlocked(at: 5 * second)
        lifecycle.writeBlocked(at: 20 * second)   // still blocked: deadline unchanged
        #expect(lifecycle.action(at: 34 * second) == .none)
        #expect(lifecycle.action(at: 35 * second) == .close)
        lifecycle.outputDrained()
        #expect(lifecycle.action(at: 36 * second) == .none)
    }

    @Test func handshakeTimeout() {
        var lifecycle = ConnectionLifecycle(timeouts: timeouts, openedAt: 0, handshaking: true)
        #expect(lifecycle.action(at: 5 * second) == .close)
        lifecycle.handshakeFinished(at: 4 * second)
        #expect(lifecycle.action(at: 13 * second) == .none)
        #expect(lifecycle.action(at: 14 * second) == .close)
    }

    @Test func tickIntervalFollowsTheShortestTimeout() {
        #expect(timeouts.tickInterval == .seconds(1))
        let short = ConnectionTimeouts(header: .milliseconds(200))
        #expect(short.tickInterval == .milliseconds(50))
    }
}
