import Foundation
import Glibc
import Testing
import TestSupport

/// Debian's nginx in front of Agora instances, configured with the one ```nginx block of a page of Docs *as written*:
/// only `listen 80;` and the upstream servers' addresses are replaced by loopback ports, and each must occur exactly once,
/// so an edit of the page that the test no longer follows fails here instead of drifting. Around it, what Debian's
/// /etc/nginx/nginx.conf puts around conf.d, every path in a temporary directory, plus one header on every answer:
/// `X-Upstream-Addr: $upstream_addr`, the instances nginx tried for it, in order.
final class NginxFront {
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
        let site = try Self.substitute(Self.documentedBlock(page), [("listen 80;", "listen 127.0.0.1:\(port);")]
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

    struct DocumentMismatch: Error, CustomStringConvertible {
        let description: String
    }

    /// The one fenced ```nginx block of `page` (a path under the repository's Docs).
    static func documentedBlock(_ page: String) throws -> String {
        let text = AgoraProcess.read(ConfigurationDocsTests.repositoryRoot + "/Docs/" + page)
        var blocks: [[Substring]] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```nginx" {
                current = []
            } else if let lines = current, line == "```" {
                blocks.append(lines)
                current = nil
            } else {
                current?.append(line)
            }
        }
        guard blocks.count == 1 else {
            throw DocumentMismatch(description: "Docs/\(page) must hold exactly one ```nginx block, found \(blocks.count)")
        }
        return blocks[0].joined(separator: "\n") + "\n"
    }

    static func substitute(_ text: String, _ replacements: [(String, String)]) throws -> String {
        var text = text
        for (old, new) in replacements {
            let count = text.components(separatedBy: old).count - 1
            guard count == 1 else {
                throw DocumentMismatch(description: "the documented configuration must contain \(old) exactly once (found \(count))")
            }
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }
}
