// Real `agora serve` processes on one PostgreSQL database for the delivery tests (issue #15, "One deliverer"),
// with whatever extra settings a test needs (a mail transport); which of them holds the delivery lease is read
// from their log lines.
import Foundation
import Glibc
import PostgresTesting
import Testing
import TestSupport

final class DeliveryInstances {
    let url: String
    let token: String
    let arguments: [String]
    private(set) var processes: [AgoraProcess] = []
    private(set) var ports: [Int] = []

    init(count: Int, name: String, arguments: [String] = []) throws {
        url = try PostgresCluster.shared.createDatabase()
        token = "delivery-token-\(getpid())-\(name)"
        self.arguments = arguments
        let started = try (0..<count).map { _ in try spawn() }
        for process in started {
            let port = try #require(process.listeningPort(timeout: .seconds(60)), "\(process.stderr)\(process.stdout)")
            processes.append(process)
            ports.append(port)
        }
    }

    private func spawn() throws -> AgoraProcess {
        let directory = AgoraProcess.temporaryDirectory("pg-delivery")
        return try AgoraProcess(["serve", "--port", "0", "--data-dir", directory + "/data", "--store", url,
                                 "--registration-rate-per-minute", "0", "--store-poll-seconds", "0.2"] + arguments,
                                environment: ["AGORA_ADMIN_TOKEN": token])
    }

    var clients: PostgresInstances.Clients { PostgresInstances.Clients(ports: ports, token: token) }

    func send(_ index: Int, _ method: String, _ path: String, body: String? = nil, admin: Bool = false) throws -> HTTPReply {
        try clients.send(index, method, path, body: body, admin: admin)
    }

    /// How many times instance `index` logged taking the delivery lease.
    func leasesTaken(_ index: Int) -> Int {
        processes[index].stdout.components(separatedBy: "took the delivery lease").count - 1
    }

    /// The instance holding the lease (waits for one, up to `seconds`), among those in `among`.
    func deliverer(among: [Int]? = nil, within seconds: Double = 10) -> Int? {
        let candidates = among ?? Array(processes.indices)
        var found: Int?
        _ = PostgresInstances.eventually(within: seconds) {
            found = candidates.first { leasesTaken($0) > 0 }
            return found != nil
        }
        return found
    }

    /// The sequences of the `availability.updated` changes instance `index`'s feed holds after `since`.
    func availabilityChanges(_ index: Int, after since: Int) throws -> Set<Int> {
        var sequences: Set<Int> = []
        var cursor = since
        while true {
            let page = try send(index, "GET", "/changes?since=\(cursor)&limit=1000")
            let changes = page.json["changes"] as? [[String: Any]] ?? []
            for change in changes where (change["entity"] as? [String: Any])?["type"] as? String == "availability"
                && change["kind"] as? String == "updated" {
                if let sequence = change["sequence"] as? Int { sequences.insert(sequence) }
            }
            guard changes.count == 1000, let last = changes.last?["sequence"] as? Int else { return sequences }
            cursor = last
        }
    }
}
