import Foundation
import Glibc
import Testing
import TestSupport

/// Registrations through the real binary across restarts: what a retry after a restart answers (checked against the
/// published contract) and what an erasure leaves in the data directory, before and after the journal is replayed.
@Suite("Registrations with the real binary")
struct RegistrationBinaryTests {
    static let eventId = "erasure-2030"
    // Distinctive values for every member the person or their client chose; none may survive an erasure on disk.
    static let key = "phone-20301121-zoe-quetschenmuller"
    static let name = "Zoé Quetschenmüller"
    static let email = "zoe.quetschen@example.lu"
    static let organisation = "Asbl Quetschentaart"
    static let language = "lb-quetsche"
    static let body = #"{"name":"\#(name)","email":"\#(email)","organisation":"\#(organisation)","language":"\#(language)","consent":true}"#

    final class Server {
        let process: AgoraProcess
        let port: Int

        init(directory: String, token: String) throws {
            process = try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data"],
                                       environment: ["AGORA_ADMIN_TOKEN": token])
            port = try #require(process.listeningPort(), "\(process.stderr)")
        }

        func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil) throws -> HTTPReply {
            let json = body == nil ? [] : [("Content-Type", "application/json")]
            return try HTTPReply.send(port: port, method: method, path: path, headers: headers + json,
                                      body: body.map { Array($0.utf8) })
        }

        func stop() {
            process.signal(SIGTERM)
            #expect(process.wait() == 0)
        }
    }

    /// Every byte of every file under the data directory (recursively).
    static func dataBytes(_ directory: String) -> [UInt8] {
        let root = directory + "/data"
        let names = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return names.flatMap { name -> [UInt8] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { return [] }
            return (try? Data(contentsOf: URL(fileURLWithPath: root + "/" + name))).map(Array.init) ?? []
        }
    }

    /// What the person or client sent and no file may hold after the erasure, and what of it is left.
    static func leftovers(_ directory: String) -> [String] {
        let bytes = dataBytes(directory)
        return [key, name, email, organisation, language, "retryKey", "requestSHA256"].filter {
            bytes.firstRange(of: Array($0.utf8)) != nil
        }
    }

    /// `components.schemas.<name>` of the contract the server publishes (Docs/openapi.json, from Docs/openapi.yaml).
    static func schema(_ name: String) throws -> [String: Any] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Docs/openapi.json").standardized
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any]
        let schemas = (document?["components"] as? [String: Any])?["schemas"] as? [String: Any]
        return try #require(schemas?[name] as? [String: Any], "no schema \(name)")
    }

    static func createEvent(_ server: Server, token: String) throws {
        let event = #"{"id":"\#(eventId)","title":{"fr":"Effacement"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":10}}"#
        let created = try server.send("POST", "/events", headers: [("Authorization", "Bearer \(token)")], body: event)
        #expect(created.status == 201, "\(created.text)")
    }

    @Test func replayAfterARestartMatchesTheContractsReceipt() throws {
        let directory = AgoraProcess.temporaryDirectory("replay")
        let token = "replay-admin-token-\(getpid())"
        let first = try Server(directory: directory, token: token)
        try Self.createEvent(first, token: token)
        let path = "/events/\(Self.eventId)/registrations"
        let original = try first.send("POST", path, headers: [("Idempotency-Key", Self.key)], body: Self.body)
        #expect(original.status == 201, "\(original.text)")
        first.stop()

        let second = try Server(directory: directory, token: token)
        let replay = try second.send("POST", path, headers: [("Idempotency-Key", Self.key)], body: Self.body)
        second.stop()
        #expect(replay.status == 201)
        #expect(replay.header("Idempotent-Replayed") == "true")
        #expect(replay.header("Location") == original.header("Location"))
        #expect(replay.json["cancellationToken"] == nil, "the token is stored only as a digest")
        // What a generated client checks: every required member is there, and nothing the schema does not name.
        let receipt = try Self.schema("RegistrationReceipt")
        let required = Set(receipt["required"] as? [String] ?? [])
        let properties = Set((receipt["properties"] as? [String: Any] ?? [:]).keys)
        for answer in [original, replay] {
            let members = Set(answer.json.keys)
            #expect(required.isSubset(of: members), "required \(required.sorted()) but sent \(members.sorted())")
            #expect(members.isSubset(of: properties), "sent \(members.sorted()) beyond \(properties.sorted())")
        }
    }

    @Test func erasureLeavesNothingTheClientSentOnDiskAcrossRestarts() throws {
        let directory = AgoraProcess.temporaryDirectory("erasure")
        let token = "erasure-admin-token-\(getpid())"
        let admin = [("Authorization", "Bearer \(token)")]
        let first = try Server(directory: directory, token: token)
        try Self.createEvent(first, token: token)
        let path = "/events/\(Self.eventId)/registrations"
        let registered = try first.send("POST", path, headers: [("Idempotency-Key", Self.key)], body: Self.body)
        #expect(registered.status == 201, "\(registered.text)")
        let id = try #require(registered.json["id"] as? String)
        #expect(Self.leftovers(directory).count == 7, "precondition: the test sees what the journal holds")

        let erased = try first.send("DELETE", "/registrations/\(id)/personal-data", headers: admin)
        #expect(erased.status == 204)
        #expect(Self.leftovers(directory) == [], "acknowledged erasure leaves none of it on disk")
        let view = try first.send("GET", "/registrations/\(id)", headers: admin)
        #expect(view.json["erased"] as? Bool == true)
        #expect(view.json["language"] == nil, "the language was the person's choice")
        first.stop()
        #expect(Self.leftovers(directory) == [], "nor after a clean shutdown")

        // The restart replays the snapshot (and any journal); a retry with the key does not bring anything back.
        let second = try Server(directory: directory, token: token)
        let retry = try second.send("POST", path, headers: [("Idempotency-Key", Self.key)], body: Self.body)
        #expect(retry.status == 409)
        #expect(retry.json["conflict"] as? String == "registrationErased")
        let list = try second.send("GET", path, headers: admin)
        #expect((list.json["items"] as? [Any])?.count == 1, "the retry registered nothing")
        #expect(!list.text.contains(Self.email) && !list.text.contains(Self.key))
        second.stop()
        #expect(Self.leftovers(directory) == [], "nor after a restart, a replay and a retry")
    }
}
