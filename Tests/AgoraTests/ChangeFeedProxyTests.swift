import CSystem
import Foundation
import Glibc
import Testing
import TestSupport

/// The change stream through nginx with its defaults (response buffering on; the stream also says
/// `X-Accel-Buffering: no`): each event passes at once, and the heartbeat keeps the stream open past nginx's
/// `proxy_read_timeout`, which would otherwise cut an idle stream.
@Suite("Change feed through nginx")
struct ChangeFeedProxyTests {
    /// A free loopback port (bound and released; nginx binds it right after).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")))
    func eventsPassNginxAtOnceAndTheStreamOutlivesItsReadTimeout() throws {
        let server = try ChangeFeedBinaryTests.Server("nginx", ["--changes-heartbeat", "0.3"])
        defer { server.process.signal(SIGKILL) }
        let directory = AgoraProcess.temporaryDirectory("feed-nginx")
        let port = try Self.freePort()
        let configuration = """
        worker_processes 1;
        daemon off;
        pid \(directory)/nginx.pid;
        error_log \(directory)/error.log;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path \(directory); proxy_temp_path \(directory); fastcgi_temp_path \(directory);
          uwsgi_temp_path \(directory); scgi_temp_path \(directory);
          server {
            listen 127.0.0.1:\(port);
            location / {
              proxy_pass http://127.0.0.1:\(server.port);
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_read_timeout 1s;
            }
          }
        }
        """
        try configuration.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        let nginx = try AgoraProcess.spawnTool("/usr/sbin/nginx", ["-p", directory, "-c", directory + "/nginx.conf"])
        defer { kill(nginx, SIGQUIT); var status: Int32 = 0; waitpid(nginx, &status, 0) }
        #expect(ChangeFeedBinaryTests.waitUntil { (try? HTTPReply.send(port: port, method: "GET", path: "/healthz", headers: [], body: nil))?.status == 200 })

        let stream = try EventStreamClient(port: port, target: "/changes")
        #expect(try stream.readHead() == 200)
        #expect(try stream.next()?.retry == 3000, "the first message is not held back by the proxy")
        let started = AgoraProcess.now()
        try server.createPartner("behind-nginx")
        #expect(try stream.nextEvent(timeout: .seconds(2))?.id == "1")
        #expect(AgoraProcess.now() - started < 1, "passed at once, not when a proxy buffer fills")
        // Three read timeouts of nginx pass; the heartbeat keeps the stream open through all of them.
        while AgoraProcess.now() - started < 3, try stream.next(timeout: .seconds(2)) != nil {}
        #expect(!stream.ended && !stream.cutOff)
        try server.createPartner("still-there")
        #expect(try stream.nextEvent(timeout: .seconds(2))?.id == "2")
    }
}
