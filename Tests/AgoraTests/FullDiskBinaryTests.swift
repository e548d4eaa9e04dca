import Foundation
import Glibc
import Testing
import TestSupport

/// A full disk recovers by itself, with the real binary on a real 2 MiB tmpfs (issue 13 item 1): while it is full
/// every write answers 503 with `Retry-After` and `/readyz` is 503, reads go on; once space is freed the store takes
/// writes again without a restart, and exactly the acknowledged writes survive the next start.
/// Mounting a tmpfs needs CAP_SYS_ADMIN; where it is refused the store's own tests (DiskRecoveryTests, with the
/// fault-injecting file system) still cover the path.
@Suite("A full disk, with the real binary on a small tmpfs", .serialized)
struct FullDiskBinaryTests {
    static let mountPermitted: Bool = {
        let probe = AgoraProcess.temporaryDirectory("tmpfs-probe")
        guard (try? runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]))?.status == 0 else { return false }
        _ = try? runTool("/bin/umount", [probe])
        return true
    }()

    private static func event(_ id: String) throws -> [UInt8] {
        let seed = ConfigurationDocsTests.repositoryRoot + "/Config/seed/quattropole-2017.json"
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: seed)))
            as? [String: Any])
        var event = try #require((document["events"] as? [[String: Any]])?.first)
        event["id"] = id
        return Array(try JSONSerialization.data(withJSONObject: event))
    }

    private func create(_ id: String, port: Int, token: String) throws -> HTTPReply {
        try HTTPReply.send(port: port, method: "POST", path: "/events",
                           headers: [("Content-Type", "application/json"), ("Authorization", "Bearer \(token)")],
                           body: try Self.event(id))
    }

    /// Fills the file system at `directory` with one file until a write fails (ENOSPC).
    private func fill(_ path: String) -> Int {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        defer { close(descriptor) }
        let chunk = [UInt8](repeating: 0x78, count: 4_096)
        var total = 0
        while true {
            let written = chunk.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written <= 0 { return total }
            total += written
        }
    }

    @Test(.enabled(if: mountPermitted, "mounting a tmpfs needs CAP_SYS_ADMIN"))
    func writesComeBackOnceSpaceIsFreedWithoutARestart() throws {
        let mountPoint = AgoraProcess.temporaryDirectory("tmpfs")
        #expect(try runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mountPoint]).status == 0)
        defer { _ = try? runTool("/bin/umount", ["-l", mountPoint]) }
        let data = mountPoint + "/data"
        let token = "full-disk-admin-" + UUID().uuidString
        let arguments = ["serve", "--port", "0", "--data-dir", data, "--disk-probe-seconds", "0.1"]
        var server = try AgoraProcess(arguments, environment: ["AGORA_ADMIN_TOKEN": token])
        var port = try #require(server.listeningPort(), "\(server.stderr)")
        #expect(try create("before-full", port: port, token: token).status == 201)

        let filler = mountPoint + "/filler"
        #expect(fill(filler) > 0)
        var refused: [String] = []
        for index in 0..<3 {
            let id = "while-full-\(index)"
            let answer = try create(id, port: port, token: token)
            #expect(answer.status == 503, "\(answer.status) \(answer.text)")
            #expect(answer.header("Retry-After") == "30")
            refused.append(id)
        }
        #expect(try HTTPReply.get(port: port, "/readyz").status == 503, "not ready while the disk is full")
        #expect(try HTTPReply.get(port: port, "/events/before-full").status == 200, "reads go on")
        #expect(server.stdout.contains("store turned unwritable"))

        #expect(unlink(filler) == 0)
        let deadline = AgoraProcess.now() + 15
        var ready = try HTTPReply.get(port: port, "/readyz").status
        while ready != 200, AgoraProcess.now() < deadline {
            usleep(20_000)
            ready = try HTTPReply.get(port: port, "/readyz").status
        }
        #expect(ready == 200, "ready again once space is back, without a restart")
        #expect(server.stdout.contains("\"msg\":\"store writable again\""))
        #expect(try create("after-full", port: port, token: token).status == 201)
        // Both transitions are counted for monitoring, so an outage between two scrapes still shows.
        let metrics = try HTTPReply.get(port: port, "/metrics", [("Authorization", "Bearer \(token)")]).text
        #expect(metrics.contains("agora_store_transitions_total{to=\"unwritable\"} 1"), "\(metrics)")
        #expect(metrics.contains("agora_store_transitions_total{to=\"writable\"} 1"))

        server.signal(SIGTERM)
        #expect(server.wait() == 0)
        server = try AgoraProcess(arguments, environment: ["AGORA_ADMIN_TOKEN": token])
        port = try #require(server.listeningPort(), "\(server.stderr)")
        #expect(try HTTPReply.get(port: port, "/events/before-full").status == 200)
        #expect(try HTTPReply.get(port: port, "/events/after-full").status == 200)
        for id in refused { #expect(try HTTPReply.get(port: port, "/events/\(id)").status == 404, "\(id) was refused") }
        server.signal(SIGTERM)
        #expect(server.wait() == 0)
    }
}
