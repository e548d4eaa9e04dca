// `agora migrate` both ways with the real binary (issue #15): a data directory copied into PostgreSQL serves the
// same registrations from there, what is written then is exported back into a new data directory, and a copy into
// a database that already holds data is refused.
import Foundation
import Glibc
import PostgresTesting
import Testing
import TestSupport

@Suite("agora migrate")
struct PostgresMigrationBinaryTests {
    final class Server {
        let process: AgoraProcess
        let port: Int
        let token: String

        init(_ arguments: [String], token: String) throws {
            self.token = token
            process = try AgoraProcess(["serve", "--port", "0", "--registration-rate-per-minute", "0"] + arguments,
                                       environment: ["AGORA_ADMIN_TOKEN": token])
            port = try #require(process.listeningPort(timeout: .seconds(60)), "\(process.stderr)")
        }

        func send(_ method: String, _ path: String, body: String? = nil) throws -> HTTPReply {
            var headers = [("Authorization", "Bearer \(token)")]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            return try HTTPReply.send(port: port, method: method, path: path, headers: headers, body: body.map { Array($0.utf8) })
        }

        func register(_ number: Int) throws -> String {
            let reply = try send("POST", "/events/moved-2030/registrations", body: PostgresInstances.registration(number))
            #expect(reply.status == 201, "\(reply.text)")
            return reply.json["id"] as? String ?? ""
        }

        func registrationIDs() throws -> Set<String> {
            let list = try send("GET", "/events/moved-2030/registrations")
            return Set((list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        }

        func stop() {
            process.signal(SIGTERM)
            #expect(process.wait() == 0)
        }
    }

    static func migrate(_ arguments: [String]) throws -> AgoraProcess {
        let process = try AgoraProcess(["migrate"] + arguments)
        _ = process.wait(timeout: .seconds(60))
        return process
    }

    @Test func aDataDirectoryMovesIntoPostgresAndBack() throws {
        let url = try PostgresCluster.shared.createDatabase()
        let directory = AgoraProcess.temporaryDirectory("migrate")
        let token = "migrate-admin-token-\(getpid())"
        let embedded = try Server(["--data-dir", directory + "/first"], token: token)
        let event = #"{"id":"moved-2030","title":{"fr":"Déménagé"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":100}}"#
        #expect(try embedded.send("POST", "/events", body: event).status == 201)
        let before = try Set((0..<5).map { try embedded.register($0) })
        embedded.stop()

        let copy = try Self.migrate(["--data-dir", directory + "/first", "--to", url])
        #expect(copy.exitStatus == 0, "\(copy.stderr)")
        let shared = try Server(["--data-dir", directory + "/outboxes", "--store", url], token: token)
        #expect(try shared.registrationIDs() == before, "PostgreSQL serves what the directory held")
        let after = try Set((5..<8).map { try shared.register($0) })
        shared.stop()

        let again = try Self.migrate(["--data-dir", directory + "/first", "--to", url])
        #expect(again.exitStatus == 1, "a database that holds data is never overwritten")
        #expect(again.stderr.contains("empty database"), "\(again.stderr)")

        let export = try Self.migrate(["--from", url, "--data-dir", directory + "/second"])
        #expect(export.exitStatus == 0, "\(export.stderr)")
        let back = try Server(["--data-dir", directory + "/second"], token: token)
        #expect(try back.registrationIDs() == before.union(after), "the export holds everything written to PostgreSQL")
        back.stop()
    }
}
