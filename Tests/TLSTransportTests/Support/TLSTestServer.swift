import AgoraLogging
import Dispatch
import Glibc
import HTTPServer
import TLSTransport
import TestSupport

/// The engine serving a plain listener and a TLS listener (with an HSTS header) on free ports of 127.0.0.1, with a
/// few routes; always shut down by `withTLSServer`.
final class TLSTestServer: Sendable {
    let server: HTTPServer
    let factory: TLSTransportFactory
    let plainPort: Int
    let tlsPort: Int
    static let hsts = "max-age=600; includeSubDomains"

    init(backend: EventLoopBackend, factory: TLSTransportFactory, timeouts: ConnectionTimeouts) throws {
        self.factory = factory
        var headers = HTTPHeaders()
        headers.add("Strict-Transport-Security", Self.hsts)
        let configuration = ServerConfiguration(
            listeners: [.init(host: "127.0.0.1", port: 0),
                        .init(host: "127.0.0.1", port: 0, transport: factory, responseHeaders: headers)],
            backend: backend, loopCount: 2, timeouts: timeouts)
        var router = Router()
        router.get("/hello/{name}") { request in
            .now(Response(headers: ["Content-Type": "text/plain"], body: Array("hello \(request.parameter("name") ?? "")".utf8)))
        }
        router.get("/big/{size}") { request in
            let size = Int(request.parameter("size") ?? "") ?? 0
            return .now(Response(headers: ["Content-Type": "application/octet-stream"],
                                 body: (0..<size).map { UInt8(truncatingIfNeeded: $0 % 251) }))
        }
        router.get("/zeros/{size}") { request in
            .now(Response(headers: ["Content-Type": "application/octet-stream"],
                          body: [UInt8](repeating: 0, count: Int(request.parameter("size") ?? "") ?? 0)))
        }
        router.post("/echo") { request in
            .now(Response(headers: ["Content-Type": "application/octet-stream"], body: request.body))
        }
        server = HTTPServer(configuration: configuration, router: router, log: LogWriter(level: .error, fd: 2))
        let ports = try server.start()
        plainPort = ports[0]
        tlsPort = ports[1]
    }

    func stop() {
        let done = DispatchSemaphore(value: 0)
        server.shutdown { _ in done.signal() }
        done.wait()
    }
}

/// A server whose TLS listener serves `localhost.crt` from a fresh certificate directory (kept at fixed paths, so a
/// test can replace the files and reload).
func withTLSServer(
    _ backend: EventLoopBackend, timeouts: ConnectionTimeouts = ConnectionTimeouts(),
    _ body: (TLSTestServer, CertificateDirectory) throws -> Void
) throws {
    try withCertificates { directory in
        let pair = try directory.makeSelfSigned(commonName: "localhost")
        let factory = try TLSTransportFactory(
            configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key))
        let server = try TLSTestServer(backend: backend, factory: factory, timeouts: timeouts)
        defer { server.stop() }
        try body(server, directory)
    }
}

func get(_ path: String, _ extra: String = "") -> String {
    "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\(extra)\r\n"
}

/// Waits for `condition` to hold, checking every 10 ms, for at most `timeout`: for state inside the server that has
/// no event to await (its connection count).
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
