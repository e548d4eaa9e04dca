import Foundation
import Glibc
import Testing
import TestSupport

/// Debian's HAProxy in front of Agora instances, configured with the ```haproxy block of a page of Docs as written
/// (`DocumentedConfiguration`: only `bind :80` and the servers' addresses are replaced by loopback ports), plus one
/// line in the frontend: `X-Upstream-Addr`, the address of the server that answered.
final class HAProxyFront: ProxyFront {
    static let executable = "/usr/sbin/haproxy"

    let port: Int
    let directory: String
    private let pid: pid_t
    private var stopped = false

    /// `servers`: each documented `server` line's start ("a 10.0.0.11:8081") and the local port that replaces it.
    init(page: String, servers: [(documented: String, port: Int)]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.executable),
                     "Debian's haproxy (make unit-tests and make pg-test install it)")
        directory = AgoraProcess.temporaryDirectory("haproxy")
        port = try ChangeFeedProxyTests.freePort()
        let text = try DocumentedConfiguration.substitute(DocumentedConfiguration.block("haproxy", in: page), [
            ("bind :80", "bind 127.0.0.1:\(port)"),
            ("    default_backend agora", "    http-response set-header X-Upstream-Addr %si:%sp\n    default_backend agora"),
        ] + servers.map { entry in
            let name = entry.documented.prefix { $0 != " " }
            return ("server \(entry.documented) ", "server \(name) 127.0.0.1:\(entry.port) ")
        })
        let configuration = directory + "/haproxy.cfg"
        try text.write(toFile: configuration, atomically: true, encoding: .utf8)
        let tested = try runTool(Self.executable, ["-c", "-q", "-f", configuration])
        try #require(tested.status == 0, "haproxy -c refused the documented configuration: \(tested.stdout)\(tested.stderr)")
        pid = try AgoraProcess.spawnTool(Self.executable, ["-db", "-f", configuration])
    }

    deinit { stop() }

    /// HAProxy logs nothing without a `log` target: its view is in the answers' `X-Upstream-Addr`.
    var errorLog: String { "" }

    /// Stops it (SIGTERM: the load has ended, nothing is in flight) and waits.
    func stop() {
        guard !stopped else { return }
        stopped = true
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
