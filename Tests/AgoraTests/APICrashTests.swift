import Dispatch
import Glibc
import Synchronization
import Testing
import TestSupport

/// Durability through the real API: SIGKILL the server while clients create partners and register, restart, and
/// every write that was answered 201 is there.
@Suite("API writes survive SIGKILL")
struct APICrashTests {
    static let token = "crash-test-admin-token-0123456789abcdef"

    /// Acknowledged ids, by kind, shared by the client threads.
    final class Acknowledged: Sendable {
        let partners = Mutex<[String]>([])
        let registrations = Mutex<[String]>([])
        let count = Atomic<Int>(0)
        let reached = DispatchSemaphore(value: 0)
        let target: Int

        init(target: Int) { self.target = target }

        func add(partner: String? = nil, registration: String? = nil) {
            if let partner { partners.withLock { $0.append(partner) } }
            if let registration { registrations.withLock { $0.append(registration) } }
            if count.add(1, ordering: .relaxed).newValue == target { reached.signal() }
        }
    }

    static func id(in body: String) -> String? {
        guard let range = body.firstRange(of: "\"id\":\"") else { return nil }
        return String(body[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func everyAcknowledgedWriteIsFoundAfterKillNine() throws {
        let data = AgoraProcess.temporaryDirectory("apicrash") + "/data"
        let arguments = ["serve", "--port", "0", "--data-dir", data, "--registration-rate-per-minute", "0"]
        let environment = ["AGORA_ADMIN_TOKEN": Self.token]
        let auth = [("Authorization", "Bearer \(Self.token)")]
        var all = (partners: [String](), registrations: [String]())
        for round in 0..<3 {
            let server = try AgoraProcess(arguments, environment: environment)
            let port = try #require(server.listeningPort(), "\(server.stderr)")
            let event = "crash-\(round)"
            let created = httpExchange(port: port, method: "POST", path: "/events", headers: auth, body: """
                {"id":"\(event)","title":{"fr":"Crash \(round)"},"startsAt":"2099-06-15T09:00:00+02:00",\
                "timeZone":"Europe/Luxembourg","defaultLanguage":"fr","registration":{"kind":"required"}}
                """)
            #expect(created?.status == 201, "\(created?.body ?? "no answer")")
            let acknowledged = Acknowledged(target: 40)
            let clients = DispatchGroup()
            for client in 0..<8 {
                DispatchQueue.global().async(group: clients) {
                    for index in 0..<500 {
                        let reply = index % 2 == 0
                            ? httpExchange(port: port, method: "POST", path: "/partners", headers: auth,
                                           body: #"{"name":"Partner \#(round)-\#(client)-\#(index)"}"#)
                            : httpExchange(port: port, method: "POST", path: "/events/\(event)/registrations", headers: [],
                                           body: #"{"name":"P","email":"p\#(client)-\#(index)@example.lu","consent":true}"#)
                        guard let reply else { return }  // the server is gone
                        guard reply.status == 201, let id = Self.id(in: reply.body) else { continue }
                        if index % 2 == 0 { acknowledged.add(partner: id) } else { acknowledged.add(registration: id) }
                    }
                }
            }
            #expect(acknowledged.reached.wait(timeout: .now() + 30) == .success, "writes were acknowledged")
            server.signal(SIGKILL)
            #expect(server.wait() == 128 + SIGKILL)
            clients.wait()
            all.partners += acknowledged.partners.withLock { $0 }
            all.registrations += acknowledged.registrations.withLock { $0 }

            let restarted = try AgoraProcess(arguments, environment: environment)
            let again = try #require(restarted.listeningPort(), "\(restarted.stderr)")
            for id in all.partners {
                #expect(httpGet(port: again, path: "/partners/\(id)")?.status == 200, "partner \(id) survived")
            }
            for id in all.registrations {
                #expect(httpExchange(port: again, method: "GET", path: "/registrations/\(id)", headers: auth, body: nil)?
                    .status == 200, "registration \(id) survived")
            }
            restarted.signal(SIGTERM)
            #expect(restarted.wait() == 0)
        }
        #expect(all.partners.count + all.registrations.count >= 120)
    }
}
