// A live server on 127.0.0.1 over a store in a temp dir with events made for the write side's rules, tokens
// of each role, a clock the test sets, and a log captured in a file (to check what never appears in it).
import AgoraLogging
import AgoraAPI
import AgoraDomain
import AgoraStore
import Cryptography
import Foundation
import HTTPServer
import Synchronization
import TestSupport
import AgoraStoreTesting

final class WriteFixture: Sendable {
    static let openEvent = "open-2030"
    static let fullEvent = "full-2030"
    static let noneEvent = "none-2030"
    static let closedEvent = "closed-2030"
    static let notYetEvent = "later-2030"

    let directory: String
    let store: DurableStore<AgoraState>
    let clock: TestClock
    let api: AgoraAPI
    let server: HTTPServer
    let port: Int
    let log: LogWriter
    let logPath: String
    let admin = AccessToken.generate()
    let editor = AccessToken.generate()
    let reader = AccessToken.generate()

    /// Whether `deinit` removes the directory (not when a test reopens it as a restarted server would).
    let ownsDirectory: Bool

    /// `reopening`: the directory of an earlier fixture (closed first), as a restarted server finds it.
    init(rate: RegistrationRateLimit.Settings = .init(perMinute: 0), capacity: Int = 2,
         fault: FaultInjectingFileSystem.Fault? = nil, gate: GatedFileSystem? = nil, reopening: String? = nil, keepDirectory: Bool = false) throws {
        directory = reopening ?? NSTemporaryDirectory() + "agora-write-" + UUID().uuidString
        ownsDirectory = !keepDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let state = try Self.state(capacity: capacity)
        // `fault.call` counts from after opening: a probe open of the same state says how many calls that takes.
        var shifted = fault
        if let fault {
            let probe = FaultInjectingFileSystem()
            let opened = try DurableStore<AgoraState>.open(directory: directory + "/probe", fileSystem: probe) { state }
            shifted?.call = fault.call + probe.calls(fault.operation)
            try opened.close()
        }
        store = try DurableStore<AgoraState>.open(directory: directory + "/data",
                                                 options: StoreOptions(snapshotEverySeconds: 0),
                                                 fileSystem: gate ?? FaultInjectingFileSystem(fault: shifted)) { state }
        let clock = TestClock("2026-11-23T12:00:00Z")
        self.clock = clock
        let tokens = try AccessTokens(configured: ["admin:\(admin.sha256Hex)", "editor:\(editor.sha256Hex):ed",
                                                   "registrations:\(reader.sha256Hex)"])
        let settings = APISettings(write: WriteSettings(tokens: tokens, rateLimit: rate))
        api = AgoraAPI(store: store, now: { clock.now }, ids: .random, settings: settings)
        var router = Router()
        api.register(in: &router)
        logPath = directory + "/access.log"
        let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        log = LogWriter(level: .debug, fd: fd)
        server = HTTPServer(configuration: ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: 0)],
                                                               loopCount: 1),
                            router: router, log: log)
        port = try server.start()[0]
    }

    deinit {
        stop()
        if ownsDirectory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Stops the server (draining, so the access log is flushed) and closes the store; safe to call twice.
    func stop() {
        let done = DispatchSemaphore(value: 0)
        server.shutdown { _ in done.signal() }
        done.wait()
        try? store.close()
    }

    static func at(_ text: String) -> Instant { Instant(rfc3339: text) ?? Instant(secondsSince1970: 0) }

    static func state(capacity: Int) throws -> AgoraState {
        func event(_ id: String, _ policy: RegistrationPolicy, programme: [ProgrammeSlot] = []) -> Event {
            Event(id: id, title: .fr("Journée \(id)"), startsAt: at("2030-06-15T09:00:00+02:00"),
                  endsAt: at("2030-06-15T17:00:00+02:00"), timeZone: "Europe/Luxembourg", defaultLanguage: "fr",
                  registration: policy, rooms: [Room(id: "B", name: .fr("Salle B"))],
                  programme: programme).declaringReferencedTracksAndRooms()
        }
        let groups = [ProgrammeSlot(id: "wg-1", startsAt: at("2030-06-15T10:00:00+02:00"),
                                    endsAt: at("2030-06-15T11:00:00+02:00"), kind: .workingGroup,
                                    title: .de("Arbeitsgruppe 1"), track: "a")]
        var state = AgoraState()
        for event in [
            event(openEvent, .required(RegistrationRules(capacity: capacity, waitingList: WaitingList())), programme: groups),
            event(fullEvent, .required(RegistrationRules(capacity: 1))),
            event(noneEvent, .none),
            event(closedEvent, .required(RegistrationRules(deadline: at("2026-01-01T00:00:00Z")))),
            event(notYetEvent, .required(RegistrationRules(opensAt: at("2029-01-01T00:00:00Z")))),
        ] { _ = try state.apply(.createEvent(event: event)) }
        _ = try state.apply(.createPartner(partner: Partner(id: "caritas", name: "Caritas", kind: .association)))
        return state
    }

    /// Everything the server logged so far (flushed first).
    func logText() -> String {
        log.flush()
        return (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Every byte under the data directory, for checking what erasure leaves on disk.
    func dataBytes() -> [UInt8] {
        let root = directory + "/data"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.flatMap { (try? Data(contentsOf: URL(fileURLWithPath: root + "/" + $0))).map(Array.init) ?? [] }
    }

    func request(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil,
                 contentType: String? = "application/json") throws -> HTTPReply {
        var all = headers
        if body != nil, let contentType { all.append(("Content-Type", contentType)) }
        return try HTTPReply.send(port: port, method: method, path: path, headers: all, body: body.map { Array($0.utf8) })
    }

    func bearer(_ token: String) -> (String, String) { ("Authorization", "Bearer \(token)") }

    /// `POST /events/{id}/registrations` with a valid body for `email`.
    func register(_ email: String, event: String = WriteFixture.openEvent, key: String? = nil,
                  extra: String = "") throws -> HTTPReply {
        let body = #"{"name":"Zoé Müller","email":"\#(email)","organisation":"Asbl Œuvre","language":"fr","consent":true\#(extra)}"#
        return try request("POST", "/events/\(event)/registrations",
                           headers: key.map { [("Idempotency-Key", $0)] } ?? [], body: body)
    }
}
