// One deliverer for mail (issue #15): two instances on one PostgreSQL database, each with a mail transport (a
// sendmail program that keeps each message in a file), registrations through both → one message a registration,
// not one per instance, each with a cancellation link that works — the token in it is the one the instance that
// took the registration was lent, even when the other instance sent the message.
import Foundation
import Glibc
import PostgresTesting
import Testing
import TestSupport

@Suite("Postgres one deliverer: mail")
struct PostgresMailDeliveryBinaryTests {
    /// A `sendmail -i -t` that keeps each message in a file of its own in `directory` (written aside, renamed).
    static func sendmail(in directory: String) throws -> String {
        let program = directory + "/sendmail"
        let script = "#!/bin/sh\nout=\(directory)/out/message-$$.eml\ncat > \"$out.part\" && mv \"$out.part\" \"$out\"\n"
        try FileManager.default.createDirectory(atPath: directory + "/out", withIntermediateDirectories: true)
        try script.write(toFile: program, atomically: true, encoding: .utf8)
        chmod(program, 0o755)
        return program
    }

    /// Each kept message: its `To` address and its decoded text part (base64, MailMessage.rendered).
    static func messages(in directory: String) -> [(to: String, text: String)] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".eml") }
        return names.compactMap { name in
            guard let raw = FileManager.default.contents(atPath: directory + "/" + name) else { return nil }
            let lines = String(decoding: raw, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
            guard let to = lines.first(where: { $0.hasPrefix("To: ") }),
                  let start = lines.firstIndex(of: "Content-Type: text/plain; charset=utf-8") else { return nil }
            let body = lines[(start + 3)...].prefix { !$0.hasPrefix("--") && !$0.isEmpty }.joined()
            let text = Data(base64Encoded: body).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let address = to.split(separator: "<").last.map { String($0.dropLast($0.hasSuffix(">") ? 1 : 0)) } ?? String(to.dropFirst(4))
            return (address.trimmingCharacters(in: .whitespaces), text)
        }
    }

    @Test func oneMessageARegistrationWithAWorkingLinkWhicheverInstanceTookIt() throws {
        let directory = AgoraProcess.temporaryDirectory("pg-mail")
        let program = try Self.sendmail(in: directory)
        let outgoing = directory + "/out"
        let instances = try DeliveryInstances(count: 2, name: "mail", arguments: ["--mail-sendmail", program])
        let deliverer = try #require(instances.deliverer(), "an instance takes the delivery lease")
        let other = 1 - deliverer
        let event = #"{"id":"mail-2030","title":{"fr":"Courrier"},"startsAt":"2030-11-21T09:00:00+01:00","#
            + #""endsAt":"2030-11-21T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":100}}"#
        #expect(try instances.send(0, "POST", "/events", body: event, admin: true).status == 201)
        var registrations: [(number: Int, id: String, through: Int)] = []
        for number in 0..<12 {
            let through = number % 2
            let reply = try instances.send(through, "POST", "/events/mail-2030/registrations", body: PostgresInstances.registration(number))
            #expect(reply.status == 201, "\(reply.text)")
            if let id = reply.json["id"] as? String { registrations.append((number, id, through)) }
        }
        #expect(registrations.count == 12)
        let database = String(instances.url.split(separator: "/").last ?? "")
        #expect(try PostgresInstances.eventually(within: 20) {
            let owed = try PostgresCluster.shared.sql("SELECT count(*) FROM agora_outbox_messages WHERE outbox = 'mail' AND done_at IS NULL",
                                                      database: database)
            return Self.messages(in: outgoing).count >= 12 && owed == "0"
        }, "every message sent and none owed")
        let sent = Self.messages(in: outgoing)
        #expect(sent.count == 12, "one message a registration, not one per instance")
        #expect(Set(sent.map(\.to)) == Set((0..<12).map { "person\($0)@example.lu" }))
        // A registration taken by the instance that does not deliver: its link carries the token it was lent.
        let taken = try #require(registrations.first { $0.through == other })
        let text = try #require(sent.first { $0.to == "person\(taken.number)@example.lu" }?.text)
        let marker = "/cancel/\(taken.id)#token="
        let range = try #require(text.range(of: marker), "the cancellation link in \(text)")
        let token = String(text[range.upperBound...].prefix { !$0.isWhitespace })
        let cancelled = try HTTPReply.send(port: instances.ports[deliverer], method: "DELETE", path: "/registrations/\(taken.id)",
                                           headers: [("Authorization", "Bearer \(token)")], body: nil)
        #expect(cancelled.status == 204, "the link's token cancels the registration: \(cancelled.status) \(cancelled.text)")
        #expect(try PostgresCluster.shared.sql("SELECT count(*) FROM agora_outbox_messages WHERE token IS NOT NULL",
                                               database: database) == "0", "no token in clear once the mail is sent")
        // A waiting registration's token is kept for its promotion's message, shared; an erasure removes it.
        let waiting = #"{"id":"wait-2030","title":{"fr":"Attente"},"startsAt":"2030-11-22T09:00:00+01:00","#
            + #""endsAt":"2030-11-22T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr","#
            + #""registration":{"kind":"required","capacity":1,"waitingList":{"capacity":5}}}"#
        #expect(try instances.send(0, "POST", "/events", body: waiting, admin: true).status == 201)
        #expect(try instances.send(deliverer, "POST", "/events/wait-2030/registrations", body: PostgresInstances.registration(100)).status == 201)
        let waitlisted = try instances.send(other, "POST", "/events/wait-2030/registrations", body: PostgresInstances.registration(101))
        #expect(waitlisted.json["status"] as? String == "waitlisted", "\(waitlisted.text)")
        let waitingId = try #require(waitlisted.json["id"] as? String)
        let kept = "SELECT count(*) FROM agora_outbox_items WHERE outbox = 'mail-tokens' AND key = '\(waitingId)'"
        #expect(try PostgresInstances.eventually(within: 5) { try PostgresCluster.shared.sql(kept, database: database) == "1" },
                "the waiting registration's token is kept for its promotion")
        #expect(try instances.send(deliverer, "DELETE", "/registrations/\(waitingId)/personal-data", admin: true).status == 204)
        #expect(try PostgresInstances.eventually(within: 5) {
            try PostgresCluster.shared.sql(kept, database: database) == "0"
                && PostgresCluster.shared.sql("SELECT count(*) FROM agora_outbox_messages WHERE key = '\(waitingId)'", database: database) == "0"
        }, "erased: neither its token nor its mail is kept")
    }
}
