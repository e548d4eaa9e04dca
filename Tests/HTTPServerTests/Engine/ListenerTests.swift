import Dispatch
import Glibc
import Synchronization
import Testing
@testable import HTTPServer
import TestSupport

/// One listening socket per loop (`ServerConfiguration.listenerPerLoop`, an SO_REUSEPORT group on Linux): every loop
/// accepts from a queue of its own, so connections spread over the loops, and the drain empties every queue.
@Suite("Listening sockets per loop")
struct ListenerTests {
    /// Per loop, on the loop: its listening descriptors and its open connections.
    static func loopShares(_ server: HTTPServer) -> [(listeners: [Int32], connections: Int)] {
        let shares = Mutex<[Int: (listeners: [Int32], connections: Int)]>([:])
        let group = DispatchGroup()
        for (index, serverLoop) in server.runningLoops.enumerated() {
            group.enter()
            serverLoop.loop.execute {
                let share = (listeners: serverLoop.listeners.map(\.fd), connections: serverLoop.connections.count)
                shares.withLock { $0[index] = share }
                group.leave()
            }
        }
        group.wait()
        return shares.withLock { all in all.sorted { $0.key < $1.key }.map(\.value) }
    }

    @Test("each loop listens on a socket of its own on the one port, and connections spread over every loop",
          arguments: EventLoopBackend.allCases)
    func connectionsSpreadOverLoops(backend: EventLoopBackend) throws {
        try withServer(backend, configure: { $0.loopCount = 4 }) { server in
            // One client after the other, each answered before the next connects: with a listener shared through
            // EPOLLEXCLUSIVE, the loop that waited last took nearly all of them. The kernel's hash of 64 source ports
            // leaves a loop empty with a probability of about 4 × (3/4)^64 ≈ 4e-8.
            var clients: [RawClient] = []
            for index in 0..<64 {
                let client = try RawClient(port: server.port)
                try client.send(get("/items/\(index)"))
                #expect(try client.readResponse().status == 200)
                clients.append(client)
            }
            let shares = Self.loopShares(server.server)
            #expect(shares.count == 4)
            #expect(Set(shares.flatMap(\.listeners)).count == 4, "four listening sockets: \(shares)")
            #expect(shares.allSatisfy { $0.listeners.count == 1 && $0.connections > 0 }, "\(shares)")
            #expect(shares.map(\.connections).reduce(0, +) == 64)
            withExtendedLifetime(clients) {}
        }
    }

    @Test("with listenerPerLoop off the loops share one listening socket", arguments: EventLoopBackend.allCases)
    func sharedListener(backend: EventLoopBackend) throws {
        try withServer(backend, configure: { $0.listenerPerLoop = false }) { server in
            let client = try RawClient(port: server.port)
            try client.send(get("/hello"))
            #expect(try client.readResponse().status == 200)
            let shares = Self.loopShares(server.server)
            #expect(shares.count == 2 && Set(shares.flatMap(\.listeners)).count == 1, "\(shares)")
        }
    }

    @Test("a port held by another socket is a bind error, even one with SO_REUSEPORT of the same user")
    func portHeldByAnotherSocket() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var one: Int32 = 1
        #expect(setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size)) == 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        try #require(bound && listen(fd, 8) == 0)
        let port = Int(UInt16(bigEndian: address.sin_port))
        let server = HTTPServer(configuration: ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: port)],
                                                                   loopCount: 2),
                                router: Router(), log: quietLog)
        #expect(throws: ServerError.self) { try server.start() }
        #expect(server.runningLoops.isEmpty)
    }

    @Test("the drain accepts and answers what waits in every loop's accept queue, whatever maxConnections says",
          arguments: EventLoopBackend.allCases)
    func drainEmptiesEveryQueue(backend: EventLoopBackend) throws {
        let server = try TestServer(backend: backend, log: quietLog, configure: {
            $0.maxConnections = 2
            $0.drainTimeout = .seconds(10)
        })
        let served = try (0..<2).map { _ in try RawClient(port: server.port) }
        for client in served {
            try client.send(get("/hello"))
            #expect(try client.readResponse().status == 200)
        }
        // At the cap: the loops stop accepting, and the kernel queues these on the loops' sockets by its hash.
        let queued = try (0..<12).map { index in
            let client = try RawClient(port: server.port)
            try client.send(get("/items/\(index)"))
            return client
        }
        #expect(queued[0].staysSilent(for: .milliseconds(200)))
        #expect(server.server.openConnections == 2, "the queued ones are not accepted yet")
        let finished = DispatchSemaphore(value: 0)
        server.server.shutdown { _ in finished.signal() }
        for (index, client) in queued.enumerated() {
            let response = try client.readResponse()
            #expect(response.text == "{\"id\":\"\(index)\"}", "queued connection \(index) answered, not reset")
            #expect(response.header("Connection") == "close")
        }
        for client in served { #expect(try client.waitForClose()) }
        #expect(finished.wait(timeout: .now() + .seconds(5)) == .success)
    }
}
