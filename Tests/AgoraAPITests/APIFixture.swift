// A seeded store in a temp dir, an API over it with a clock the test controls, and ways to send requests:
// straight through the engine's Responder (no sockets) or over a real socket to an in-process server.
import AgoraLogging
import AgoraAPI
import AgoraDomain
import AgoraStore
import Foundation
@testable import HTTPServer
import Synchronization
import TestSupport

/// A clock the test sets; starts at "today" of the brief (both seed events are past).
final class TestClock: Sendable {
    private let current: Mutex<Instant>

    init(_ text: String = "2026-11-23T12:00:00Z") {
        current = Mutex(Instant(rfc3339: text) ?? Instant(secondsSince1970: 0))
    }

    var now: Instant { current.withLock { $0 } }
    func set(_ text: String) { current.withLock { $0 = Instant(rfc3339: text) ?? $0 } }
}

final class APIFixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardized

    let directory: String
    let store: DurableStore<AgoraState>
    let clock: TestClock
    let api: AgoraAPI
    let responder: Responder
    let router: Router

    init(now: String = "2026-11-23T12:00:00Z", settings: APISettings = APISettings(),
         cors: CORSPolicy = CORSPolicy()) throws {
        directory = NSTemporaryDirectory() + "agora-api-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let seedDirectory = Self.repository.appendingPathComponent("Config/seed")
        let documents = try FileManager.default.contentsOfDirectory(atPath: seedDirectory.path).sorted()
            .filter { $0.hasSuffix(".json") }
            .map { try SeedDocument(json: Data(contentsOf: seedDirectory.appendingPathComponent($0))) }
        let seeded = try Seed.state(from: documents)
        store = try DurableStore<AgoraState>.open(directory: directory + "/data",
                                                 options: StoreOptions(snapshotEverySeconds: 0)) { seeded }
        let clock = TestClock(now)
        self.clock = clock
        api = AgoraAPI(store: store, now: { clock.now }, ids: IdentifierSource { "test-id" }, settings: settings)
        var router = Router()
        api.register(in: &router)
        self.router = router
        responder = Responder(router: router, cors: cors, errors: ErrorMapping(log: LogWriter(level: .error)))
    }

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Parses a request the way the connection would (so query, headers and segments are real).
    static func request(_ method: HTTPMethod, _ target: String, _ headers: [(String, String)] = []) -> Request {
        var parser = RequestParser()
        var text = "\(method.rawValue) \(target) HTTP/1.1\r\nHost: agora.test\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let bytes = Array(text.utf8)
        guard case .complete(let head, _) = bytes.withUnsafeBytes({ parser.parse($0) }) else {
            fatalError("test request did not parse: \(text)")
        }
        return Request(head: head)
    }

    /// Sends a request through the Responder (routing, handler, error mapping, CORS) and waits for a deferred
    /// reply's completion without sleeping.
    func send(_ method: HTTPMethod, _ target: String, _ headers: [(String, String)] = []) -> TestResponse {
        switch responder.respond(to: Self.request(method, target, headers)) {
        case .now(let response): return TestResponse(response)
        case .later(let start):
            let result = Mutex<Response?>(nil)
            let done = DispatchSemaphore(value: 0)
            start(ResponseCompletion { outcome in
                if case .success(let response) = outcome { result.withLock { $0 = response } }
                done.signal()
            })
            done.wait()
            return TestResponse(result.withLock { $0 } ?? Response(status: .internalServerError))
        case .stream(let streamed):
            return TestResponse(streamed.head)   // the head; the stream itself is tested over sockets
        }
    }

    func get(_ target: String, _ headers: [(String, String)] = []) -> TestResponse {
        send(.get, target, headers)
    }

    /// Applies a command to the store (a write), returning when it is durable.
    func write(_ command: Command) async throws {
        _ = try await store.submit(command).get()
    }
}

/// A response with its body decoded for assertions.
struct TestResponse {
    let response: Response

    init(_ response: Response) { self.response = response }

    var status: Int { response.status.code }
    var body: [UInt8] { response.body }
    var text: String { String(decoding: response.body, as: UTF8.self) }
    func header(_ name: String) -> String? { response.headers[name] }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    var ids: [String] { items.compactMap { $0["id"] as? String } }
}
