import CSystem
import Foundation
import Glibc
import Testing
import TestSupport

/// `GET /changes` through the real binary: exact pages after a sequence, 410 past the retained window, streams that
/// resume with `Last-Event-ID` after their client is killed, a thousand streams during writes, the drain, a client
/// that never reads, and a stream that outlives every request timeout.
@Suite("Change feed with the real binary")
struct ChangeFeedBinaryTests {
    final class Server {
        let process: AgoraProcess
        let port: Int
        let token: String

        init(_ name: String, _ arguments: [String] = []) throws {
            token = "feed-admin-token-\(getpid())-\(name)"
            let directory = AgoraProcess.temporaryDirectory("feed-\(name)")
            process = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--no-seed"] + arguments,
                                       environment: ["AGORA_ADMIN_TOKEN": token])
            port = try #require(process.listeningPort(), "\(process.stderr)")
        }

        func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil) throws -> HTTPReply {
            let json = body == nil ? [] : [("Content-Type", "application/json")]
            return try HTTPReply.send(port: port, method: method, path: path, headers: headers + json,
                                      body: body.map { Array($0.utf8) })
        }

        func admin(_ method: String, _ path: String, _ body: String? = nil,
                   type: String = "application/json") throws -> HTTPReply {
            try HTTPReply.send(port: port, method: method, path: path,
                               headers: [("Authorization", "Bearer \(token)")] + (body == nil ? [] : [("Content-Type", type)]),
                               body: body.map { Array($0.utf8) })
        }

        /// Creates partner `name` (its id is the slug of the name); the answer's status.
        @discardableResult
        func createPartner(_ id: String) throws -> Int {
            try Self.createPartner(id, port: port, token: token)
        }

        /// The same from another thread (only the port and token are shared).
        @discardableResult
        static func createPartner(_ id: String, port: Int, token: String) throws -> Int {
            try HTTPReply.send(port: port, method: "POST", path: "/partners",
                               headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")],
                               body: Array(#"{"id":"\#(id)","name":"Partner \#(id)"}"#.utf8)).status
        }

        func changes(_ query: String) throws -> HTTPReply { try send("GET", "/changes" + query) }

        func stream(_ query: String = "", headers: [(String, String)] = [], receiveBuffer: Int32? = nil) throws -> EventStreamClient {
            let client = try EventStreamClient(port: port, target: "/changes" + query, headers: headers,
                                               receiveBuffer: receiveBuffer)
            return client
        }

        /// The server's resident memory, KiB (VmRSS in /proc).
        var residentKiB: Int {
            let status = AgoraProcess.read("/proc/\(process.pid)/status")
            let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
    }

    static func sequences(_ reply: HTTPReply) -> [Int] {
        (reply.json["changes"] as? [[String: Any]] ?? []).compactMap { $0["sequence"] as? Int }
    }

    static func event(_ id: String) -> String {
        #"{"id":"\#(id)","title":{"fr":"Flux \#(id)"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":10}}"#
    }

    /// Raises this process's open-file limit to its hard limit (a thousand client sockets).
    static func raiseOpenFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    @Test func changesAfterASequenceAreExactAndPage() throws {
        let server = try Server("exact")
        defer { server.process.signal(SIGKILL) }
        for id in ["alpha", "beta", "gamma"] { #expect(try server.createPartner(id) == 201) }
        #expect(try server.admin("PATCH", "/partners/beta", #"{"name":"Beta renamed"}"#,
                                 type: "application/merge-patch+json").status == 200)
        #expect(try server.admin("DELETE", "/partners/gamma").status == 204)
        #expect(try server.admin("POST", "/events", Self.event("feed-event")).status == 201)
        let name = "Zoé Feedmüller", email = "zoe.feed@example.lu"
        let registered = try server.send("POST", "/events/feed-event/registrations",
                                         body: #"{"name":"\#(name)","email":"\#(email)","consent":true}"#)
        #expect(registered.status == 201, "\(registered.text)")

        let all = try server.changes("?since=0")
        #expect(all.status == 200)
        // The registration (sequence 7) changed nothing a reader of the event sees (the public event has no
        // counts): it is public only as an update of the event's availability.
        #expect(Self.sequences(all) == [1, 2, 3, 4, 5, 6, 7])
        let changes = all.json["changes"] as? [[String: Any]] ?? []
        let summary = changes.map { change -> String in
            let entity = change["entity"] as? [String: Any] ?? [:]
            return "\(entity["type"] ?? "")/\(entity["id"] ?? "") \(change["kind"] ?? "") \(change["path"] ?? "")"
        }
        #expect(summary == [
            "partner/alpha created /partners/alpha", "partner/beta created /partners/beta",
            "partner/gamma created /partners/gamma", "partner/beta updated /partners/beta",
            "partner/gamma deleted /partners/gamma", "event/feed-event created /events/feed-event",
            "availability/feed-event updated /events/feed-event/availability",
        ])
        #expect(!all.text.contains(name) && !all.text.contains(email) && !all.text.contains("registration"),
                "a registration is public only as its event's availability")
        // The ETag of a change is the one a GET of its path carries now (nothing changed since).
        let beta = try server.send("GET", "/partners/beta")
        try #require(changes.count == 7)
        #expect(changes[3]["etag"] as? String == beta.header("ETag"))
        let event = try server.send("GET", "/events/feed-event")
        #expect(changes[5]["etag"] as? String == event.header("ETag"))
        let availability = try server.send("GET", "/events/feed-event/availability")
        #expect(changes[6]["etag"] as? String == availability.header("ETag"))
        #expect(availability.json["confirmed"] as? Int == 1 && availability.json["remaining"] as? Int == 9)
        #expect(!availability.text.contains(name) && !availability.text.contains(email))
        #expect(changes[4]["etag"] is NSNull, "a deleted entity has no representation")
        #expect(all.json["latest"] as? Int == 7)

        #expect(Self.sequences(try server.changes("?since=4")) == [5, 6, 7])
        #expect(Self.sequences(try server.changes("?since=7")) == [])
        #expect(Self.sequences(try server.changes("?since=0&event=feed-event")) == [6, 7])

        // Paging: `next` until a short page collects the same changes once each.
        var collected: [Int] = []
        var next = "/changes?since=0&limit=3"
        for _ in 0..<5 {
            let page = try server.send("GET", next)
            collected += Self.sequences(page)
            next = try #require(page.json["next"] as? String)
            if page.header("Link") == nil { break }
            #expect(page.header("Link") == "<\(next)>; rel=\"next\"")
        }
        #expect(collected == [1, 2, 3, 4, 5, 6, 7])
        #expect(next == "/changes?since=7&limit=3")

        // The page's ETag: the same question gets a 304 until something changes.
        let tag = try #require(all.header("ETag"))
        #expect(try server.send("GET", "/changes?since=0", headers: [("If-None-Match", tag)]).status == 304)
        try server.createPartner("delta")
        #expect(try server.send("GET", "/changes?since=0", headers: [("If-None-Match", tag)]).status == 200)

        // CORS for any origin, as on every public GET.
        let cors = try server.send("GET", "/changes", headers: [("Origin", "https://screen.example")])
        #expect(cors.header("Access-Control-Allow-Origin") == "*")
        #expect(try server.changes("?since=x").status == 400)
        #expect(try server.changes("?after=1").status == 400)
    }

    @Test func aSinceOlderThanTheWindowIsGone() throws {
        let server = try Server("gone", ["--changes-retained", "3"])
        defer { server.process.signal(SIGKILL) }
        for id in ["one", "two", "three", "four", "five"] { try server.createPartner(id) }
        let gone = try server.changes("?since=1")
        #expect(gone.status == 410)
        #expect(gone.header("Content-Type") == "application/problem+json")
        #expect(gone.json["oldestSince"] as? Int == 2)
        #expect(gone.json["latest"] as? Int == 5)
        #expect(Self.sequences(try server.changes("?since=2")) == [3, 4, 5])
        #expect(try server.changes("?since=6").status == 410, "a cursor this server never gave")
        let stream = try server.stream(headers: [("Last-Event-ID", "0")])
        #expect(try stream.readHead() == 410)
    }

    @Test func aStreamResumesAfterItsClientIsKilledWithEveryChangeOnce() throws {
        let server = try Server("resume", ["--changes-heartbeat", "0.2"])
        defer { server.process.signal(SIGKILL) }
        let output = AgoraProcess.temporaryDirectory("feed-curl") + "/events"
        // A real client, killed mid-stream: curl writes every byte it receives to the file as it comes.
        let curl = try AgoraProcess.spawnTool("/usr/bin/curl", ["-sS", "-N", "-o", output, "-H", "Accept: text/event-stream",
                                                            "http://127.0.0.1:\(server.port)/changes?since=0"])
        for index in 1...5 { try server.createPartner("first-\(index)") }
        #expect(Self.waitUntil { AgoraProcess.read(output).contains("id: 5\n") })
        kill(curl, SIGKILL)
        var status: Int32 = 0
        waitpid(curl, &status, 0)
        for index in 1...5 { try server.createPartner("second-\(index)") }

        let seen = Self.completeEventIDs(AgoraProcess.read(output))
        let last = try #require(seen.last)
        let resumed = try server.stream("?since=0", headers: [("Last-Event-ID", String(last))])
        #expect(try resumed.readHead() == 200)
        var ids = seen
        while ids.count < 10, let event = try resumed.nextEvent() { ids.append(Int(event.id ?? "") ?? -1) }
        #expect(ids == Array(1...10), "every change exactly once, in order")
        try server.createPartner("third")
        #expect(try resumed.nextEvent()?.id == "11", "and then live ones")
    }

    @Test func aThousandStreamsEachSeeEveryChangeWhileWritesGoOn() throws {
        Self.raiseOpenFileLimit()
        let server = try Server("thousand")
        let writes = 20
        let (port, token) = (server.port, server.token)
        let written = DispatchSemaphore(value: 0)
        let writer = Thread {
            for index in 1...writes { _ = try? Server.createPartner("busy-\(index)", port: port, token: token) }
            written.signal()
        }
        // The writer is done (or given up on) before the server goes, whatever this test throws.
        defer {
            _ = written.wait(timeout: .now() + 60)
            server.process.signal(SIGKILL)
        }
        writer.start()
        var streams: [EventStreamClient] = []
        for _ in 0..<1000 { streams.append(try server.stream("?since=0")) }
        // 60 s: a liveness bound, not a measure. In the whole suite's parallel run a debug server answering a
        // thousand streams beside every other test took more than the default 10 s for one head.
        for stream in streams { #expect(try stream.readHead(timeout: .seconds(60)) == 200) }
        var complete = 0
        for stream in streams {
            var ids: [String] = []
            while ids.count < writes, let event = try stream.nextEvent(timeout: .seconds(30)) { ids.append(event.id ?? "") }
            if ids == (1...writes).map(String.init) { complete += 1 }
        }
        #expect(complete == 1000)
    }

    @Test func aDrainEndsEveryStreamCleanly() throws {
        let server = try Server("drain", ["--drain-timeout", "30"])
        let streams = try (0..<3).map { _ in try server.stream() }
        for stream in streams {
            #expect(try stream.readHead() == 200)
            #expect(try stream.next()?.retry == 3000)
        }
        let started = AgoraProcess.now()
        server.process.signal(SIGTERM)
        for stream in streams {
            var messages: [EventStreamClient.Message] = []
            while let message = try stream.next() { messages.append(message) }
            #expect(messages.last?.comment == "the server is restarting; reconnect")
            #expect(stream.ended && !stream.cutOff, "the last chunk, then the close")
        }
        #expect(server.process.wait() == 0)
        #expect(AgoraProcess.now() - started < 10, "streams do not hold the drain until its timeout")
    }

    @Test func aClientThatNeverReadsIsDroppedAndMemoryStaysBounded() throws {
        let server = try Server("stalled", ["--output-buffer-bytes", "16384"])
        defer { server.process.signal(SIGKILL) }
        let stalled = try (0..<20).map { _ in try server.stream(receiveBuffer: 4096) }
        let reader = try server.stream()
        #expect(try reader.readHead() == 200)
        let before = server.residentKiB
        // Every change is about 300 bytes on the wire; 600 of them overflow a 64 KiB kernel buffer and the cap.
        let (port, token) = (server.port, server.token)
        let workers = (0..<4).map { worker in
            Thread { for index in 0..<150 { _ = try? Server.createPartner("stall-\(worker)-\(index)", port: port, token: token) } }
        }
        workers.forEach { $0.start() }
        var received = 0
        while received < 600, try reader.nextEvent(timeout: .seconds(60)) != nil { received += 1 }
        #expect(received == 600, "a reading client is not held back by the stalled ones")
        for client in stalled {
            // It never read: now drain what reached its socket; the server closed it before the response's end.
            while (try? client.next(timeout: .seconds(5))) ?? nil != nil {}
            #expect(client.cutOff, "dropped, not buffered")
        }
        #expect(server.residentKiB - before < 32 * 1024)
    }

    @Test func aHeldStreamOutlivesTheRequestTimeoutsOnHeartbeats() throws {
        let server = try Server("heartbeat", ["--changes-heartbeat", "0.1", "--idle-timeout", "0.3",
                                              "--header-timeout", "0.3", "--write-timeout", "0.3"])
        defer { server.process.signal(SIGKILL) }
        let stream = try server.stream()
        #expect(try stream.readHead() == 200)
        #expect(stream.header("Cache-Control") == "no-cache, no-transform")
        #expect(stream.header("X-Accel-Buffering") == "no")
        #expect(stream.header("Content-Type") == "text/event-stream")
        let started = AgoraProcess.now()
        var comments = 0
        while AgoraProcess.now() - started < 1.5, let message = try stream.next(timeout: .seconds(2)) {
            if message.comment == "keep-alive" { comments += 1 }
        }
        #expect(comments >= 5)
        #expect(!stream.ended && !stream.cutOff, "still open after five idle timeouts")
        try server.createPartner("late")
        #expect(try stream.nextEvent()?.id == "1")
    }

    /// The ids of the complete messages in an event-stream text (a killed client's last one may be cut).
    static func completeEventIDs(_ text: String) -> [Int] {
        var ids: [Int] = []
        for block in text.components(separatedBy: "\n\n").dropLast() {
            for line in block.split(separator: "\n") where line.hasPrefix("id: ") {
                ids.append(Int(line.dropFirst(4)) ?? -1)
            }
        }
        return ids
    }

    static func waitUntil(timeout: Double = 10, _ condition: () -> Bool) -> Bool {
        let deadline = AgoraProcess.now() + timeout
        while AgoraProcess.now() < deadline {
            if condition() { return true }
            usleep(10_000)
        }
        return false
    }
}

extension AgoraProcess {
    /// Starts `path` with `arguments` (stdout and stderr to /dev/null); returns its pid.
    static func spawnTool(_ path: String, _ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        var cArgs = ([path] + arguments).map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var child = pid_t()
        let rc = posix_spawn(&child, path, &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw ProcessError.spawn(rc) }
        return child
    }
}
