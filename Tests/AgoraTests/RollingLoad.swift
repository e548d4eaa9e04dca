import Foundation
import Glibc
import Synchronization
import TestSupport

/// Steady load through a proxy for a rolling restart (issue #15): readers of `/events` and of one event, and writers
/// registering for that event with an `Idempotency-Key` each, every one a keep-alive client on a thread of its own
/// sending one request after another until stopped. A client never retries: any answer but a 2xx, a connection
/// error or a timeout is a failure, and its next request is a new one (a write with a new key). A completed request
/// is counted under the phase of the restart it began and ended in (the test moves the phase as it goes), with the
/// instance that answered it: the last address of the proxy's `X-Upstream-Addr` (nginx's `$upstream_addr`, which
/// lists every instance it tried).
final class RollingLoad: Sendable {
    let event: String
    private let port: Int
    private let readers: Int
    private let writers: Int
    private let tally = Mutex(Tally())
    private let currentPhase = Atomic<Int>(Phase.steady.rawValue)
    private let stopped = Atomic<Bool>(false)
    private let finished = Atomic<Int>(0)

    init(port: Int, event: String, readers: Int = 4, writers: Int = 4) {
        self.port = port
        self.event = event
        self.readers = readers
        self.writers = writers
    }

    var snapshot: Tally { tally.withLock { $0 } }
    var phase: Phase {
        get { Phase(rawValue: currentPhase.load(ordering: .acquiring)) ?? .steady }
        set { currentPhase.store(newValue.rawValue, ordering: .releasing) }
    }

    func start() {
        for index in 0..<(readers + writers) {
            let kind: Kind = index < readers ? .read : .write
            Thread { [self] in
                run(client: index, kind: kind)
                finished.add(1, ordering: .releasing)
            }.start()
        }
    }

    /// Stops every client after its current request; true once all of them ended (bounded).
    func stop(timeout: Double = 20) -> Bool {
        stopped.store(true, ordering: .releasing)
        return Self.eventually(within: timeout) { finished.load(ordering: .acquiring) == readers + writers }
    }

    /// Waits (bounded) until `condition` holds for the tally.
    func waitFor(within seconds: Double, _ condition: (Tally) -> Bool) -> Bool {
        Self.eventually(within: seconds) { condition(snapshot) }
    }

    static func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = AgoraProcess.now() + seconds
        while !condition() {
            if AgoraProcess.now() >= deadline { return false }
            usleep(5_000)
        }
        return true
    }

    private func run(client index: Int, kind: Kind) {
        var connection: RawClient?
        var number = 0
        while !stopped.load(ordering: .acquiring) {
            number += 1
            let (request, what) = makeRequest(client: index, kind: kind, number: number)
            let began = phase
            tally.withLock { $0.sent += 1 }
            do {
                let client = try connection ?? RawClient(port: port)
                connection = client
                try client.send(request)
                let response = try client.readResponse(timeout: .seconds(10))
                if response.header("Connection")?.lowercased() == "close" { connection = nil }
                record(response, what: what, kind: kind, began: began)
            } catch {
                connection = nil
                fail("\(what) in \(began): \(error)")
            }
        }
    }

    private func makeRequest(client index: Int, kind: Kind, number: Int) -> (bytes: [UInt8], what: String) {
        switch kind {
        case .read:
            let path = number % 2 == 0 ? "/events" : "/events/\(event)"
            return (Array("GET \(path) HTTP/1.1\r\nHost: agora.test\r\n\r\n".utf8), "GET \(path)")
        case .write:
            let person = "\(index)-\(number)"
            let body = #"{"name":"Rolling \#(person)","email":"rolling-\#(person)@example.lu","consent":true}"#
            let head = "POST /events/\(event)/registrations HTTP/1.1\r\nHost: agora.test\r\n"
                + "Content-Type: application/json\r\nIdempotency-Key: rolling-\(getpid())-\(person)\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n"
            return (Array((head + body).utf8), "POST (key rolling-\(person))")
        }
    }

    private func record(_ response: RawResponse, what: String, kind: Kind, began: Phase) {
        let upstreams = (response.header("X-Upstream-Addr") ?? "").split(separator: ",")
        guard (200..<300).contains(response.status) else {
            fail("\(what) in \(began): \(response.statusLine), upstreams \(upstreams), \(response.text.prefix(200))")
            return
        }
        let id = kind == .write ? Self.registrationID(response.body) : nil
        let ended = phase
        let servedBy = upstreams.last.flatMap { Int($0.split(separator: ":").last ?? "") }
        tally.withLock {
            if let id { $0.acknowledged.insert(id) }
            if upstreams.count > 1 { $0.passedOn[kind.rawValue] += 1 }
            if response.header("Idempotent-Replayed") == "true" { $0.replayed += 1 }
            guard began == ended else { return }
            $0.completed[began.rawValue][kind.rawValue] += 1
            if let servedBy { $0.servedBy[began.rawValue][servedBy, default: 0] += 1 }
        }
        if kind == .write && id == nil { fail("\(what): \(response.statusLine) without an id: \(response.text.prefix(200))") }
    }

    private static func registrationID(_ body: [UInt8]) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body))
        return (object as? [String: Any])?["id"] as? String
    }

    private func fail(_ what: String) {
        tally.withLock {
            $0.failureCount += 1
            if $0.failures.count < 10 { $0.failures.append(what) }
        }
    }
}
