import Dispatch
import Glibc
import Synchronization
import Testing
@testable import HTTPServer
import TestSupport

/// The drain's two seams in the engine: a held response is told when the drain begins (`Connection.onDrain`, for
/// streams), and a waiting connection that is to end answers a request already in its socket instead of closing
/// under it (`.closeWhenQuiet`), or shuts down its sending side and lingers.
@Suite("Draining: held responses and quiet connections")
struct DrainTests {
    /// Runs `body` on the loop that owns the server's one connection, and waits for it.
    static func onTheConnection(_ server: TestServer, _ body: @escaping @Sendable (Connection) -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let found = Atomic<Int>(0)
        for serverLoop in server.server.runningLoops {
            serverLoop.loop.execute {
                for connection in serverLoop.connections.values {
                    found.add(1, ordering: .relaxed)
                    body(connection)
                }
                done.signal()
            }
        }
        for _ in server.server.runningLoops { done.wait() }
        return found.load(ordering: .relaxed) == 1
    }

    @Test("a held response is told when the drain begins and ends itself", arguments: EventLoopBackend.allCases)
    func heldResponseIsToldToEnd(backend: EventLoopBackend) throws {
        let server = try TestServer(backend: backend, log: quietLog, configure: { $0.drainTimeout = .seconds(30) })
        let held = try RawClient(port: server.port)
        try held.send(get("/held"))
        #expect(server.gate.waitForArrival())
        let told = Atomic<Int>(0)
        let gate = server.gate
        #expect(Self.onTheConnection(server) { connection in
            // What a stream does with the hook: end its response.
            connection.onDrain = { told.add(1, ordering: .relaxed); gate.open() }
        })
        let finished = DispatchSemaphore(value: 0)
        server.server.shutdown { _ in finished.signal() }
        let response = try held.readResponse()
        #expect(response.status == 200 && response.header("Connection") == "close")
        #expect(finished.wait(timeout: .now() + .seconds(5)) == .success, "drained long before the 30 s drain timeout")
        #expect(told.load(ordering: .relaxed) == 1, "told once")
    }

    @Test("a waiting connection that ends answers a request already in its socket", arguments: EventLoopBackend.allCases)
    func closeWhenQuietAnswersUnreadRequest(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/hello"))
            #expect(try client.readResponse().status == 200)
            // On the loop, so the loop cannot read the request first: it is in the socket, unread, when the
            // connection is told to end (as when the drain's grace runs out just as a request arrives).
            #expect(Self.onTheConnection(server) { connection in
                connection.state.endKeepAlive()
                try? client.send(get("/hello"))
                for _ in 0..<1000 where !Socket.hasUnreadInput(connection.fd) { usleep(1000) }
                connection.perform(.closeWhenQuiet)
            })
            let answer = try client.readResponse()
            #expect(answer.status == 200 && answer.text == "hello", "answered, not reset")
            #expect(answer.header("Connection") == "close")
            #expect(try client.waitForClose())
        }
    }

    @Test("a quiet connection that ends sends FIN and lingers until the peer's EOF", arguments: EventLoopBackend.allCases)
    func closeWhenQuietLingers(backend: EventLoopBackend) throws {
        try withServer(backend) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/hello"))
            #expect(try client.readResponse().status == 200)
            #expect(Self.onTheConnection(server) { connection in connection.perform(.closeWhenQuiet) })
            #expect(try client.waitForClose(), "end of stream, nothing more")
            #expect(server.server.openConnections == 1, "still open on our side: lingering for the peer's EOF")
            client.shutdownWrite()
            #expect(eventually { server.server.openConnections == 0 }, "closed at the peer's EOF")
        }
    }
}
