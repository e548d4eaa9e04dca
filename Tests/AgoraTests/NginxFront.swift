import Foundation
import Glibc
import Testing
import TestSupport

/// Debian's nginx in front of Agora instances, configured with the ```nginx block of a page of Docs as written
/// (`DocumentedConfiguration`: only `listen 80;` and the upstream servers' addresses are replaced by loopback ports).
/// Around it, what Debian's /etc/nginx/nginx.conf puts around conf.d, every path in a temporary directory, plus one
/// header on every answer: `X-Upstream-Addr: $upstream_addr`, the instances nginx tried for it, in order.
final class NginxFront: ProxyFront {
    static let executable = "/usr/sbin/nginx"

    let port: Int
    let directory: String
    private let pid: pid_t
    private var stopped = false

    /// `upstreams`: each documented `server` address ("10.0.0.11:8081") and the local port that replaces it.
    init(page: String, upstreams: [(documented: String, port: Int)]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable),
                     "Debian's nginx-light (make unit-tests and make pg-test install it)")
        directory = AgoraProcess.temporaryDirectory("nginx")
        // The workers run as nobody when the tests run as root: they must reach the temp paths.
        chmod(directory, 0o755)
        port = try ChangeFeedProxyTests.freePort()
        let site = try DocumentedConfiguration.substitute(DocumentedConfiguration.block("nginx", in: page),
                                                          [("listen 80;", "listen 127.0.0.1:\(port);")]
            + upstreams.map { ("server \($0.documented) ", "server 127.0.0.1:\($0.port) ") })
        try site.write(toFile: directory + "/agora.conf", atomically: true, encoding: .utf8)
        let configuration = """
        worker_processes 1;
        daemon off;
        pid \(directory)/nginx.pid;
        error_log \(directory)/error.log info;
        events { worker_connections 1024; }
        http {
            access_log off;
            client_body_temp_path \(directory)/client-body;
            proxy_temp_path \(directory)/proxy;
            fastcgi_temp_path \(directory)/fastcgi;
            uwsgi_temp_path \(directory)/uwsgi;
            scgi_temp_path \(directory)/scgi;
            add_header X-Upstream-Addr $upstream_addr always;
            include \(directory)/agora.conf;
        }
        """
        try configuration.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        let tested = try runTool(Self.executable, ["-t", "-q", "-p", directory, "-c", directory + "/nginx.conf"])
        try #require(tested.status == 0, "nginx -t refused the documented configuration: \(tested.stderr)")
        pid = try AgoraProcess.spawnTool(Self.executable, ["-p", directory, "-c", directory + "/nginx.conf"])
    }

    deinit { stop() }

    /// nginx's error log: why it answered 502, which upstream connections it saw fail (level info).
    var errorLog: String { AgoraProcess.read(directory + "/error.log") }

    /// A graceful stop (SIGQUIT), waited for.
    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGQUIT)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
