import AgoraLogging
import AgoraJSON
import Dispatch
import Glibc
import Logging
import Synchronization
@testable import HTTPServer

/// A live server on 127.0.0.1 and a free port with routes the engine tests need; always shut down by `withServer`.
final class TestServer: Sendable {
    let server: HTTPServer
    let port: Int
    let gate = Gate()
    let counter = Counter()

    init(backend: EventLoopBackend, log: LogWriter, configure: (inout ServerConfiguration) -> Void) throws {
        var configuration = ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: 0)], backend: backend,
                                                loopCount: 2)
        configure(&configuration)
        var router = Router()
        let gate = self.gate
        let counter = self.counter
        router.get("/hello") { _ in .now(Response(headers: ["Content-Type": "text/plain"], body: Array("hello".utf8))) }
        router.post("/echo") { request in
            var response = Response(headers: ["Content-Type": "application/octet-stream"], body: request.body)
            response.headers.add("X-Body-Length", String(request.body.count))
            return .now(response)
        }
        router.get("/items/{id}") { request in .now(.json("{\"id\":\(JSONText.quote(request.parameter("id") ?? ""))}")) }
        router.get("/big/{size}") { request in
            let size = Int(request.parameter("size") ?? "") ?? 0
            return .now(Response(headers: ["Content-Type": "application/octet-stream"],
                                 body: [UInt8](repeating: UInt8(ascii: "x"), count: size)))
        }
        router.get("/counted/{size}") { request in
            counter.increment()
            let size = Int(request.parameter("size") ?? "") ?? 0
            return .now(Response(headers: ["Content-Type": "application/octet-stream"],
                                 body: [UInt8](repeating: UInt8(ascii: "c"), count: size)))
        }
        router.get("/held") { _ in
            .later { completion in
                gate.whenOpen { completion.succeed(.json("{\"held\":true}")) }
            }
        }
        router.get("/conflict") { _ in throw Problem(status: .conflict, detail: "Registration is closed.") }
        // Deferred replies completed from another thread, as the store's writer completes them.
        router.get("/later/{text}") { request in
            let text = request.parameter("text") ?? ""
            return .later { completion in DispatchQueue.global().async { completion.succeed(.json(JSONText.quote(text))) } }
        }
        router.post("/later/{text}") { request in
            let text = request.parameter("text") ?? ""
            return .later { completion in DispatchQueue.global().async { completion.succeed(.json(JSONText.quote(text))) } }
        }
        router.get("/later-conflict") { _ in
            .later { completion in
                DispatchQueue.global().async { completion.fail(Problem(status: .conflict, detail: "Registration is closed.")) }
            }
        }
        router.get("/later-crash") { _ in
            .later { completion in DispatchQueue.global().async { completion.fail(CocoaStyleError()) } }
        }
        router.get("/crash") { _ in throw CocoaStyleError() }
        server = HTTPServer(configuration: configuration, router: router, log: log)
        port = try server.start()[0]
    }

    func stop() -> Bool {
        let done = DispatchSemaphore(value: 0)
        let result = Atomic<Bool>(false)
        server.shutdown { drained in
            result.store(drained, ordering: .relaxed)
            done.signal()
        }
        done.wait()
        return result.load(ordering: .relaxed)
    }
}

struct CocoaStyleError: Error {}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() { value.add(1, ordering: .relaxed) }
    var current: Int { value.load(ordering: .relaxed) }
}

/// Holds deferred replies until the test opens it.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiting: [@Sendable () -> Void])>((false, []))
    private let arrivals = DispatchSemaphore(value: 0)

    func whenOpen(_ action: @escaping @Sendable () -> Void) {
        let runNow = state.withLock { state -> Bool in
            if state.open { return true }
            state.waiting.append(action)
            return false
        }
        arrivals.signal()
        if runNow { action() }
    }

    /// Waits until a handler has reached the gate (the request is in flight).
    func waitForArrival(timeout: Duration = .seconds(5)) -> Bool {
        arrivals.wait(timeout: .now() + .milliseconds(Int(timeout.components.seconds * 1000))) == .success
    }

    func open() {
        let waiting = state.withLock { state -> [@Sendable () -> Void] in
            state.open = true
            let waiting = state.waiting
            state.waiting = []
            return waiting
        }
        for action in waiting { action() }
    }
}

let quietLog = LogWriter(level: .error, fd: 2)

func withServer(_ backend: EventLoopBackend, log: LogWriter = quietLog,
                configure: (inout ServerConfiguration) -> Void = { _ in },
                _ body: (TestServer) throws -> Void) throws {
    let server = try TestServer(backend: backend, log: log, configure: configure)
    defer { server.gate.open(); _ = server.stop() }
    try body(server)
}

func get(_ path: String, _ extra: String = "") -> String {
    "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(extra)\r\n"
}

/// Waits for `condition` to hold, checking every 10 ms, for at most `timeout`. For state that has no event to await
/// (a counter inside the server).
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = SystemClock.monotonicNanos() + UInt64(timeout.components.seconds) * 1_000_000_000
    while SystemClock.monotonicNanos() < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// A log writer on a fresh file under /tmp, and what it wrote, for tests that check log lines.
final class CapturedLog {
    let path: String
    let writer: LogWriter
    private let fd: Int32

    init(_ name: String, level: Logger.Level) {
        path = "/tmp/agora-\(name)-\(getpid()).log"
        fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        writer = LogWriter(level: level, fd: fd)
    }

    deinit {
        close(fd)
        unlink(path)
    }

    var isOpen: Bool { fd >= 0 }

    /// Everything written so far (waits for the writer first).
    var text: String {
        writer.flush()
        guard let file = fopen(path, "re") else { return "" }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        while true {
            let c = fgetc(file)
            if c == EOF { break }
            bytes.append(UInt8(truncatingIfNeeded: c))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
