import Glibc
import Synchronization
import TestSupport

/// Keep-alive clients, each on a thread of its own, sending `GET path` one after another until the server stops
/// listening: what a drain must do to them is answer every request it received (served, or 503 with
/// `Connection: close`) and never reset a connection. A client reconnects after `requestsPerConnection` requests or a
/// `Connection: close` answer, so connections are being accepted as well as reused when the drain begins. A refused
/// connect after the signal ends a client (the server no longer listens); anything else that goes wrong — a reset, an
/// end of stream instead of an answer, a connect that succeeded and then got nothing — is a failure.
final class DrainLoad: Sendable {
    struct Tally: Sendable {
        var sent = 0
        var answered = 0
        /// The first few, described.
        var failures: [String] = []
        var failureCount = 0
    }

    private let tally = Mutex(Tally())
    private let signalled = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)
    let clients: Int
    private let port: Int
    private let path: String
    private let requestsPerConnection: Int

    init(port: Int, clients: Int = 32, path: String = "/healthz", requestsPerConnection: Int = 10) {
        self.port = port
        self.clients = clients
        self.path = path
        self.requestsPerConnection = requestsPerConnection
    }

    var snapshot: Tally { tally.withLock { $0 } }
    var allFinished: Bool { finished.load(ordering: .acquiring) == clients }

    /// From now on a refused connect is the expected end, not a failure.
    func signalSent() { signalled.store(true, ordering: .releasing) }

    func start() {
        for _ in 0..<clients {
            DrainLoad.detach { [self] in
                run()
                finished.add(1, ordering: .releasing)
            }
        }
    }

    /// Waits (bounded) until every client ended.
    func waitForClients(timeout: Double) -> Bool {
        let deadline = AgoraProcess.now() + timeout
        while !allFinished && AgoraProcess.now() < deadline { usleep(5_000) }
        return allFinished
    }

    /// Waits (bounded) until `count` answers arrived: the load is established.
    func waitForAnswers(_ count: Int, timeout: Double) -> Bool {
        let deadline = AgoraProcess.now() + timeout
        while snapshot.answered < count && AgoraProcess.now() < deadline { usleep(2_000) }
        return snapshot.answered >= count
    }

    private func fail(_ what: String) {
        tally.withLock {
            $0.failureCount += 1
            if $0.failures.count < 10 { $0.failures.append(what) }
        }
    }

    private func run() {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: agora.test\r\n\r\n".utf8)
        while true {
            let client: RawClient
            do {
                client = try RawClient(port: port)
            } catch let failure as SocketFailure where failure.errno == ECONNREFUSED && signalled.load(ordering: .acquiring) {
                return
            } catch {
                fail("connect: \(error)")
                return
            }
            for _ in 0..<requestsPerConnection {
                tally.withLock { $0.sent += 1 }
                do {
                    try client.send(request)
                    let response = try client.readResponse(timeout: .seconds(15))
                    guard response.status == 200 || (response.status == 503 && response.header("Connection") == "close")
                    else {
                        fail("answered \(response.statusLine), Connection: \(response.header("Connection") ?? "-")")
                        return
                    }
                    tally.withLock { $0.answered += 1 }
                    if response.header("Connection") == "close" { break }
                } catch {
                    fail("\(signalled.load(ordering: .acquiring) ? "after" : "before") the signal: \(error)")
                    return
                }
            }
        }
    }

    /// A plain thread: the clients block in connect, send and poll, which would starve Dispatch's pool.
    private static func detach(_ body: @escaping @Sendable () -> Void) {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed")
        pthread_detach(thread)
    }
}
