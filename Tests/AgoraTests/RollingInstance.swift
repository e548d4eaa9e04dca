import Glibc
import Testing
import TestSupport

/// One `agora serve` of a rolling restart: the real binary on a fixed port with a PostgreSQL store and a data
/// directory of its own (its outboxes), started again after it exited on the same port, with the same store and
/// directory, as a service manager does.
final class RollingInstance {
    let name: String
    let port: Int
    let url: String
    let token: String
    private let directory: String
    private let drainDelay: Int
    private(set) var process: AgoraProcess

    init(_ name: String, url: String, token: String, drainDelay: Int) throws {
        self.name = name
        self.url = url
        self.token = token
        self.drainDelay = drainDelay
        port = try ChangeFeedProxyTests.freePort()
        directory = AgoraProcess.temporaryDirectory("rolling-\(name)")
        process = try Self.spawn(port: port, url: url, token: token, directory: directory, drainDelay: drainDelay)
    }

    private static func spawn(port: Int, url: String, token: String, directory: String, drainDelay: Int) throws -> AgoraProcess {
        try AgoraProcess(["serve", "--port", "\(port)", "--data-dir", directory + "/data", "--store", url,
                          "--trusted-proxies", "127.0.0.1", "--drain-delay", "\(drainDelay)",
                          "--registration-rate-per-minute", "0", "--store-poll-seconds", "0.2"],
                         environment: ["AGORA_ADMIN_TOKEN": token])
    }

    /// Waits for the "listening" line on this instance's port.
    func awaitListening() throws {
        let listening = process.listeningPort(timeout: .seconds(60))
        try #require(listening == port, "\(name) did not listen on \(port): \(process.stderr)\(process.stdout.suffix(2000))")
    }

    /// `/readyz` 200 from the instance itself (not through the proxy), polled until it is (bounded).
    func awaitReady(within seconds: Double = 30) -> Bool {
        RollingLoad.eventually(within: seconds) { (try? HTTPReply.get(port: port, "/readyz"))?.status == 200 }
    }

    /// A new process on the same port, store and data directory, after the previous one exited.
    func start() throws {
        process = try Self.spawn(port: port, url: url, token: token, directory: directory, drainDelay: drainDelay)
    }

    func send(_ method: String, _ path: String, body: String? = nil, admin: Bool = false) throws -> HTTPReply {
        var headers: [(String, String)] = []
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if admin { headers.append(("Authorization", "Bearer \(token)")) }
        return try HTTPReply.send(port: port, method: method, path: path, headers: headers, body: body.map { Array($0.utf8) })
    }

    /// The registration ids and counts of event `id` as this instance serves them.
    func registrations(of id: String) throws -> (ids: Set<String>, counts: [String: Int]) {
        let list = try send("GET", "/events/\(id)/registrations", admin: true)
        let ids = Set((list.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        return (ids, (list.json["counts"] as? [String: Int]) ?? [:])
    }
}
