public import AgoraLogging
import Dispatch
public import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The HTTP/1.1 server: one event loop per core, each accepting from listening sockets of its own (an SO_REUSEPORT
/// group per listener, on Linux) and owning the connections it accepts.
/// Start it, serve, and shut it down gracefully (stop accepting, finish in-flight requests, close idle connections,
/// give up after the drain timeout).
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    public let readiness: Readiness
    let shared: ServerShared
    private let state = Mutex<RunState>(RunState())

    private struct RunState: Sendable {
        var loops: [ServerLoop] = []
        var listenerFDs: [Int32] = []
        var boundPorts: [Int] = []
        var stopped: [@Sendable () -> Void] = []
        var finished = false
    }

    /// `log` takes the access log's batches of lines; `logger` (by default one on `log` labelled "agora.http")
    /// takes the server's events and the unhandled errors of handlers.
    public init(configuration: ServerConfiguration, router: Router, log: LogWriter, logger: Logger? = nil,
                readiness: Readiness = Readiness()) {
        self.configuration = configuration
        self.readiness = readiness
        var router = router
        router.addHealthRoutes(readiness: readiness)
        let logger = logger ?? log.logger(label: "agora.http")
        let errors = ErrorMapping(logger: logger)
        shared = ServerShared(configuration: configuration,
                              responder: Responder(router: router, cors: configuration.cors, errors: errors),
                              log: log, logger: logger, readiness: readiness)
    }

    /// Every (method, pattern) the server answers, its health routes included (HEAD and OPTIONS are implied).
    public var routes: [(method: HTTPMethod, pattern: String)] { shared.responder.router.routes }

    /// Binds every listener and starts the loops. Returns the bound ports in listener order (port 0 binds any free port).
    @discardableResult
    public func start() throws(ServerError) -> [Int] {
        // Per listener, one socket per loop (`listenerPerLoop`, an SO_REUSEPORT group) or one shared by every loop.
        var sockets: [[ListeningSocket]] = []
        var ports: [Int] = []
        let perListener = configuration.listenerPerLoop ? configuration.loopCount : 1
        for listener in configuration.listeners {
            do throws(SocketError) {
                let bound = try Socket.listen(host: listener.host, port: listener.port, backlog: configuration.backlog,
                                              count: perListener)
                sockets.append(bound.fds.map {
                    ListeningSocket(fd: $0, transport: listener.transport, responseHeaders: listener.responseHeaders)
                })
                ports.append(bound.port)
            } catch {
                for open in sockets.joined() { Socket.close(open.fd) }
                throw .bind(host: listener.host, port: listener.port, error)
            }
        }
        let fds = Array(sockets.joined())
        var loops: [ServerLoop] = []
        let prefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        for index in 0..<configuration.loopCount {
            do throws(SocketError) {
                let loop = try EventLoops.make(configuration.backend, name: "\(index)")
                loops.append(ServerLoop(loop: loop, shared: shared, index: index, idPrefix: prefix))
            } catch {
                for open in fds { Socket.close(open.fd) }
                throw .eventLoop(error)
            }
        }
        let alreadyRunning = state.withLock { state -> Bool in
            if !state.loops.isEmpty { return true }
            state.loops = loops
            state.listenerFDs = fds.map(\.fd)
            state.boundPorts = ports
            return false
        }
        if alreadyRunning {
            for open in fds { Socket.close(open.fd) }
            throw .alreadyStarted
        }
        for (index, serverLoop) in loops.enumerated() {
            // Loop i takes socket i of each listener's group (the only one, when shared).
            let listening = sockets.map { $0[index % $0.count] }
            serverLoop.loop.start()
            serverLoop.loop.execute { serverLoop.start(listening: listening) }
        }
        readiness.set(.ready)
        let addresses = zip(configuration.listeners, ports)
            .map { "\($0.host):\($1)\($0.transport == nil ? "" : " (tls)")" }.joined(separator: ", ")
        shared.logger.info("listening", metadata: [
            "addresses": .string(addresses), "backend": .string(configuration.backend.rawValue),
            "loops": "\(configuration.loopCount)",
        ])
        return ports
    }

    public var boundPorts: [Int] { state.withLock { $0.boundPorts } }

    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }

    /// The loops while the server runs (empty before `start`).
    var runningLoops: [ServerLoop] { state.withLock { $0.loops } }

    /// Graceful shutdown. `/readyz` turns 503 at once, but everything is still served for `drainDelay` (the load
    /// balancer's checks see the 503 and stop sending: the Kubernetes preStop pattern). Then the drain proper: the
    /// listeners refuse new handshakes, the connections already in the kernel's accept queue are accepted (closing a
    /// listener resets them), the listeners close; held responses are told to end (`Connection.onDrain`), waiting
    /// connections close once quiet, in-flight requests finish (their responses say `Connection: close`). After
    /// `drainTimeout` whatever is left is closed. `completion` gets true when everything drained in time. Safe to call
    /// more than once.
    public func shutdown(completion: @escaping @Sendable (Bool) -> Void) {
        let loops = state.withLock { $0.loops }
        guard !loops.isEmpty, readiness.current != .draining, readiness.current != .stopped else {
            completion(readiness.current == .stopped)
            return
        }
        readiness.set(.draining)
        let delay = DispatchTime.now() + .nanoseconds(Int(configuration.drainDelay.nanoseconds))
        DispatchQueue.global().asyncAfter(deadline: delay) { [self] in
            // A handshake that began before the filter completes within a round trip: 100 ms lets those arrive in
            // the accept queue, where the loops still accept them, before the queue is emptied for the last time.
            for fd in state.withLock({ $0.listenerFDs }) { Socket.refuseNewHandshakes(fd) }
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) { [self] in
                drain(loops, completion: completion)
            }
        }
    }

    private func drain(_ loops: [ServerLoop], completion: @escaping @Sendable (Bool) -> Void) {
        let timeout = DispatchTime.now() + .nanoseconds(Int(configuration.drainTimeout.nanoseconds))
        // Every loop lets go of the listeners and accepts what is left in the queue; then the sockets stop
        // listening, so a new client is refused at once instead of waiting for an accept that never comes.
        let released = DispatchGroup()
        for serverLoop in loops {
            released.enter()
            serverLoop.loop.execute { serverLoop.stopAccepting(); released.leave() }
        }
        _ = released.wait(timeout: timeout)
        for fd in state.withLock({ $0.listenerFDs }) { Socket.stopListening(fd) }

        let group = DispatchGroup()
        for serverLoop in loops {
            group.enter()
            let once = Once()
            serverLoop.loop.execute { serverLoop.beginDrain { if once.first() { group.leave() } } }
        }
        let drained = group.wait(timeout: timeout) == .success
        if !drained {
            let forced = DispatchGroup()
            for serverLoop in loops {
                forced.enter()
                serverLoop.loop.execute { serverLoop.forceClose(); forced.leave() }
            }
            _ = forced.wait(timeout: .now() + .seconds(2))
        }
        stopLoops(loops) {
            self.shared.logger.info("stopped", metadata: ["drained": "\(drained)"])
            completion(drained)
        }
    }

    public func shutdown() async -> Bool {
        await withCheckedContinuation { continuation in
            shutdown { continuation.resume(returning: $0) }
        }
    }

    private func stopLoops(_ loops: [ServerLoop], then done: @escaping @Sendable () -> Void) {
        let group = DispatchGroup()
        for serverLoop in loops {
            group.enter()
            serverLoop.loop.stop { group.leave() }
        }
        group.notify(queue: .global()) { [self] in
            let fds = state.withLock { state -> [Int32] in
                let fds = state.listenerFDs
                state.listenerFDs = []
                return fds
            }
            for fd in fds { Socket.close(fd) }
            readiness.set(.stopped)
            done()
        }
    }
}
