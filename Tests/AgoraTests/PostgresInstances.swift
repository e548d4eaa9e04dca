// Several real `agora serve` processes on one PostgreSQL database (issue #15), each with its own (unused) data
// directory and the same admin token, started together so they race to seed the new database.
import Dispatch
import Foundation
import Glibc
import PostgresTesting
import Testing
import TestSupport

final class PostgresInstances {
    final class Instance {
        let process: AgoraProcess
        let port: Int

        init(process: AgoraProcess, port: Int) {
            self.process = process
            self.port = port
        }
    }

    let url: String
    let token: String
    private(set) var instances: [Instance] = []

    init(count: Int, name: String, cluster: PostgresCluster = .shared) throws {
        url = try cluster.createDatabase()
        token = "pg-admin-token-\(getpid())-\(name)"
        let processes = try (0..<count).map { _ in try Self.spawn(url: url, token: token) }
        for process in processes {
            let port = try #require(process.listeningPort(timeout: .seconds(60)), "\(process.stderr)\(process.stdout)")
            instances.append(Instance(process: process, port: port))
        }
    }

    static func spawn(url: String, token: String) throws -> AgoraProcess {
        let directory = AgoraProcess.temporaryDirectory("pg-instance")
        return try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--store", url,
                                 "--registration-rate-per-minute", "0", "--store-poll-seconds", "0.2"],
                                environment: ["AGORA_ADMIN_TOKEN": token])
    }

    subscript(index: Int) -> Instance { instances[index] }

    /// Replaces instance `index` by a new process on the same database (after it exited or was killed).
    func restart(_ index: Int) throws {
        let process = try Self.spawn(url: url, token: token)
        let port = try #require(process.listeningPort(timeout: .seconds(60)), "\(process.stderr)")
        instances[index] = Instance(process: process, port: port)
    }

    /// What client threads need: the instances' ports (as now) and the token.
    struct Clients: Sendable {
        let ports: [Int]
        let token: String

        func send(_ index: Int, _ method: String, _ path: String, headers: [(String, String)] = [],
                  body: String? = nil, admin: Bool = false) throws -> HTTPReply {
            var all = headers
            if body != nil { all.append(("Content-Type", path.contains("/programme/") ? "application/merge-patch+json" : "application/json")) }
            if admin { all.append(("Authorization", "Bearer \(token)")) }
            do {
                // 60 s, not HTTPReply's 10: what these tests assert is counts and outcomes across instances, and under
                // the parallel suite one of 300 registrations over three debug instances once waited longer than 10 s
                // (a hang still fails, a minute later).
                return try HTTPReply.send(port: ports[index], method: method, path: path, headers: all,
                                          body: body.map { Array($0.utf8) }, timeout: .seconds(60))
            } catch let failure as SocketFailure {
                // Which request of which instance: "timed out" alone does not say which step of a test hung.
                throw SocketFailure(call: "\(method) \(path) on instance \(index) (port \(ports[index])): \(failure.call)",
                                    errno: failure.errno)
            }
        }
    }

    var clients: Clients { Clients(ports: instances.map(\.port), token: token) }

    func send(_ index: Int, _ method: String, _ path: String, headers: [(String, String)] = [],
              body: String? = nil, admin: Bool = false) throws -> HTTPReply {
        try clients.send(index, method, path, headers: headers, body: body, admin: admin)
    }

    /// Creates event `id` (through instance 0) with `capacity` seats and a waiting list of `waiting`.
    func createEvent(_ id: String, capacity: Int, waiting: Int) throws {
        let event = #"{"id":"\#(id)","title":{"fr":"Partagé"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":\#(capacity),"waitingList":{"capacity":\#(waiting)}}}"#
        let created = try send(0, "POST", "/events", body: event, admin: true)
        #expect(created.status == 201, "\(created.text)")
    }

    /// The registration counts of event `id` as instance `index` serves them.
    func counts(_ index: Int, event id: String) throws -> [String: Int] {
        let list = try send(index, "GET", "/events/\(id)/registrations", admin: true)
        return (list.json["counts"] as? [String: Int]) ?? [:]
    }

    /// The ids of event `id`'s registrations as instance `index` serves them.
    func registrationIDs(_ index: Int, event id: String) throws -> Set<String> {
        let list = try send(index, "GET", "/events/\(id)/registrations", admin: true)
        return Set((list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
    }

    static func registration(_ number: Int) -> String {
        #"{"name":"Person \#(number)","email":"person\#(number)@example.lu","consent":true}"#
    }

    /// Waits until `condition` holds, checking every 20 ms, for at most `seconds`.
    static func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }
}
