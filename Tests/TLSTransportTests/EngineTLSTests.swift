import COpenSSL
import HTTPServer
import Testing
import TLSTransport
import TestSupport

/// The engine serving HTTPS over real loopback sockets: the TLS listener, keep-alive and pipelining through the
/// transport, listener headers (HSTS), and SIGHUP-style reload with a connection open. On both event-loop backends.
@Suite("HTTPS through the engine")
struct EngineTLSTests {
    @Test("TLS 1.3 and TLS 1.2: keep-alive and pipelined requests answered in order", arguments:
        EventLoopBackend.allCases.flatMap { backend in [(backend, TLS1_3_VERSION), (backend, TLS1_2_VERSION)] })
    func keepAliveAndPipelining(backend: EventLoopBackend, version: Int32) throws {
        try withTLSServer(backend) { server, directory in
            let client = try TLSSocketClient(port: server.tlsPort, options: .init(
                maximumVersion: version, trustedCertificates: ["\(directory.path)/localhost.crt"]))
            #expect(try client.handshake() == .done)
            #expect(client.tls.version == (version == TLS1_3_VERSION ? "TLSv1.3" : "TLSv1.2"))
            #expect(client.tls.verified)
            #expect(client.tls.alpn == "http/1.1")

            try client.send(get("/hello/one"))
            #expect(try client.readResponse().text == "hello one")
            try client.send(get("/hello/two"))
            #expect(try client.readResponse().text == "hello two")
            // Three requests in one record: answered in order on the same connection.
            try client.send(get("/hello/a") + get("/hello/b") + get("/hello/c"))
            #expect(try (0..<3).map { _ in try client.readResponse().text } == ["hello a", "hello b", "hello c"])
        }
    }

    @Test("large bodies both ways span many TLS records and socket reads", arguments: EventLoopBackend.allCases)
    func largeBodies(backend: EventLoopBackend) throws {
        try withTLSServer(backend) { server, _ in
            let client = try TLSSocketClient(port: server.tlsPort)
            #expect(try client.handshake() == .done)
            try client.send(get("/big/1000000"))
            let big = try client.readResponse()
            #expect(big.body.count == 1_000_000)
            #expect(big.body.enumerated().allSatisfy { $0.element == UInt8(truncatingIfNeeded: $0.offset % 251) })

            let upload = String(repeating: "0123456789abcdef", count: 12_500)  // 200 KB, over a dozen records
            try client.send("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: \(upload.utf8.count)\r\n\r\n" + upload)
            #expect(try client.readResponse().text == upload)
        }
    }

    @Test("Strict-Transport-Security on the TLS listener only (RFC 6797 §7.2)", arguments: EventLoopBackend.allCases)
    func hstsOnlyOverTLS(backend: EventLoopBackend) throws {
        try withTLSServer(backend) { server, _ in
            let secure = try TLSSocketClient(port: server.tlsPort)
            #expect(try secure.handshake() == .done)
            try secure.send(get("/hello/x"))
            #expect(try secure.readResponse().header("Strict-Transport-Security") == TLSTestServer.hsts)
            try secure.send(get("/no/such/route"))
            let notFound = try secure.readResponse()
            #expect(notFound.status == 404)
            #expect(notFound.header("Strict-Transport-Security") == TLSTestServer.hsts, "error responses too")

            let plain = try SocketClient(port: server.plainPort)
            try plain.sendRaw(Array(get("/hello/x", "Connection: close\r\n").utf8))
            let reply = try #require(plain.bytesUntilClose())
            let text = String(decoding: reply, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(!text.lowercased().contains("strict-transport-security"))
        }
    }

    @Test("a reload serves the new certificate to new connections; an open one keeps working",
          arguments: EventLoopBackend.allCases)
    func reloadWithOpenConnection(backend: EventLoopBackend) throws {
        try withTLSServer(backend) { server, directory in
            let before = try TLSSocketClient(port: server.tlsPort)
            #expect(try before.handshake() == .done)
            #expect(before.tls.peerSubject == "/CN=localhost")
            try before.send(get("/hello/before"))
            #expect(try before.readResponse().text == "hello before")

            let renewed = try directory.makeSelfSigned(commonName: "renewed")
            try directory.copy(renewed.certificate, over: "\(directory.path)/localhost.crt")
            try directory.copy(renewed.key, over: "\(directory.path)/localhost.key")
            try server.factory.reload()

            let after = try TLSSocketClient(port: server.tlsPort)
            #expect(try after.handshake() == .done)
            #expect(after.tls.peerSubject == "/CN=renewed")
            try before.send(get("/hello/still"))
            #expect(try before.readResponse().text == "hello still")
        }
    }
}
