import Dispatch
import Glibc
import Testing
@testable import HTTPServer
import TestSupport

@Suite("Limits over loopback")
struct LimitTests {
    @Test("1 000 concurrent connections are all served", arguments: EventLoopBackend.allCases)
    func thousandConnections(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            var clients: [RawClient] = []
            for _ in 0..<1000 { clients.append(try RawClient(port: server.port)) }
            for (index, client) in clients.enumerated() { try client.send(get("/items/\(index)")) }
            for (index, client) in clients.enumerated() {
                #expect(try client.readResponse().text == "{\"id\":\"\(index)\"}")
            }
            #expect(server.server.openConnections == 1000)
        }
    }

    @Test("beyond maxConnections the server stops accepting until one closes", arguments: EventLoopBackend.allCases)
    func maxConnections(backend: EventLoopBackend) throws {
        try withServer(backend, configure: { $0.maxConnections = 2; $0.loopCount = 1 }) { server in
            let first = try RawClient(port: server.port)
            let second = try RawClient(port: server.port)
            try first.send(get("/hello"))
            try second.send(get("/hello"))
            #expect(try first.readResponse().status == 200)
            #expect(try second.readResponse().status == 200)
            // The kernel completes the handshake (backlog), but the server does not accept it yet.
            let third = try RawClient(port: server.port)
            try third.send(get("/hello"))
            #expect(third.staysSilent(for: .milliseconds(300)))
            first.shutdownWrite()
            #expect(try first.waitForClose())
            #expect(try third.readResponse().status == 200, "accepted once a slot was free")
        }
    }

    @Test("a client that doesn't read its responses makes the server stop reading its requests (back-pressure)",
          arguments: EventLoopBackend.allCases)
    func backPressure(backend: EventLoopBackend) throws {
        try withServer(backend, configure: { $0.outputBufferLimit = 1 << 20 }) { server in
            let client = try RawClient(port: server.port, receiveBuffer: 4096)
            // 200 pipelined requests for 256 KiB each: 50 MiB of responses if the server answered them all at once.
            let requests = String(repeating: get("/counted/262144"), count: 200)
            let writer = DispatchQueue(label: "writer")
            writer.async { try? client.send(requests) }
            // Proving that something does NOT happen needs a window: give the server 500 ms to misbehave.
            _ = client.staysSilent(for: .milliseconds(500))
            let handled = server.counter.current
            #expect(handled < 100, "handled \(handled) of 200 while the client read nothing")
            for _ in 0..<200 { #expect(try client.readResponse().body.count == 262_144) }
            #expect(server.counter.current == 200)
        }
    }
}

@Suite("Graceful shutdown")
struct ShutdownTests {
    @Test("draining finishes the request in flight, closes idle connections, refuses new ones, and reports readiness 503",
          arguments: EventLoopBackend.allCases)
    func drainWithRequestInFlight(backend: EventLoopBackend) throws {
        let server = try TestServer(backend: backend, log: quietLog, configure: { $0.drainTimeout = .seconds(10) })
        let busy = try RawClient(port: server.port)
        let idle = try RawClient(port: server.port)
        let partial = try RawClient(port: server.port)
        try idle.send(get("/hello"))
        #expect(try idle.readResponse().status == 200)
        try busy.send(get("/held"))
        #expect(server.gate.waitForArrival())
        try partial.send("GET /readyz HTTP/1.1\r\n")
        let uploading = try RawClient(port: server.port)
        try uploading.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        // The drain must find these two mid-request: wait until the server has read their bytes.
        let expected = ConnectionCounts(reading: 2, writing: 1, waiting: 1)
        #expect(eventually { server.server.connectionCounts() == expected },
                "\(server.server.connectionCounts()), expected \(expected)")
        let finished = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var drained = false
        server.server.shutdown { result in drained = result; finished.signal() }
        #expect(!server.server.readiness.isReady)
        #expect(try idle.waitForClose(), "idle keep-alive connection closed at once")
        try partial.send("Host: x\r\n\r\n")
        let readiness = try partial.readResponse()
        #expect(readiness.status == 503)
        #expect(readiness.header("Connection") == "close")
        try uploading.send("defghij")
        let echoed = try uploading.readResponse()
        #expect(echoed.text == "abcdefghij", "a body still arriving when the drain began is received whole")
        #expect(echoed.header("Connection") == "close")
        #expect((try? RawClient(port: server.port)) == nil, "listener closed")
        #expect(finished.wait(timeout: .now() + .milliseconds(200)) == .timedOut, "still waiting for the held request")
        server.gate.open()
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.header("Connection") == "close")
        #expect(finished.wait(timeout: .now() + .seconds(5)) == .success)
        #expect(drained)
    }

    @Test("the drain timeout closes what is left and reports it", arguments: EventLoopBackend.allCases)
    func drainTimeout(backend: EventLoopBackend) throws {
        let server = try TestServer(backend: backend, log: quietLog, configure: { $0.drainTimeout = .milliseconds(300) })
        let busy = try RawClient(port: server.port)
        try busy.send(get("/held"))
        #expect(server.gate.waitForArrival())
        #expect(server.stop() == false, "not drained in time")
        #expect(try busy.waitForClose())
        server.gate.open()
    }
}
