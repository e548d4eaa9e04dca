import COpenSSL
import HTTPServer
import Testing
import TLSTransport
import TestSupport

/// What the TLS listener does with clients that cannot or will not speak TLS 1.2+: each connection is closed, the
/// server carries on serving. Over real sockets, on both event-loop backends.
@Suite("Hostile clients on the TLS listener")
struct EngineHostileTLSTests {
    /// A full request over a fresh TLS connection: the server survived what came before.
    private func stillServes(_ server: TLSTestServer) throws {
        let client = try TLSSocketClient(port: server.tlsPort)
        #expect(try client.handshake() == .done)
        try client.send(get("/hello/after"))
        #expect(try client.readResponse().text == "hello after")
    }

    /// The first flight of a real client: a ClientHello.
    private func clientHello() -> [UInt8] {
        let client = TestTLSClient()
        _ = client.handshake()
        return client.takeOutput()
    }

    @Test("TLS 1.0 and 1.1 clients are refused", arguments:
        EventLoopBackend.allCases.flatMap { backend in [(backend, TLS1_VERSION), (backend, TLS1_1_VERSION)] })
    func oldVersionsRefused(backend: EventLoopBackend, version: Int32) throws {
        try withTLSServer(backend) { server, _ in
            let old = try TLSSocketClient(port: server.tlsPort, options: .init(
                minimumVersion: version, maximumVersion: version, tls12Ciphers: "DEFAULT:@SECLEVEL=0"))
            guard case .failed = try old.handshake() else {
                Issue.record("a TLS \(version) handshake succeeded")
                return
            }
            #expect(old.bytesUntilClose() != nil, "closed by the server")
            try stillServes(server)
        }
    }

    @Test("an SSLv3 ClientHello is answered with at most an alert, then closed", arguments: EventLoopBackend.allCases)
    func sslv3Refused(backend: EventLoopBackend) throws {
        // OpenSSL 3 clients cannot speak SSLv3 at all, so the ClientHello is written out by hand: record and
        // client_version 3.0, 32 random bytes, no session id, two RSA suites, null compression, no extensions.
        let body: [UInt8] = [0x03, 0x00] + [UInt8](repeating: 0x2a, count: 32) + [0x00, 0x00, 0x04, 0x00, 0x2f, 0x00, 0x0a, 0x01, 0x00]
        let handshake: [UInt8] = [0x01, 0x00, 0x00, UInt8(body.count)] + body
        let record: [UInt8] = [0x16, 0x03, 0x00, 0x00, UInt8(handshake.count)] + handshake
        try withTLSServer(backend) { server, _ in
            let client = try SocketClient(port: server.tlsPort)
            try client.sendRaw(record)
            let reply = try #require(client.bytesUntilClose(), "closed by the server")
            #expect(reply.isEmpty || reply[0] == 0x15, "only an alert record, never a ServerHello: \(reply.prefix(8))")
            try stillServes(server)
        }
    }

    @Test("plaintext HTTP, random bytes and a truncated ClientHello each get the connection closed",
          arguments: EventLoopBackend.allCases)
    func garbageCloses(backend: EventLoopBackend) throws {
        try withTLSServer(backend) { server, _ in
            let plaintext = try SocketClient(port: server.tlsPort)
            try plaintext.sendRaw(Array(get("/hello/plain").utf8))
            let reply = try #require(plaintext.bytesUntilClose(), "plaintext HTTP: closed")
            #expect(!String(decoding: reply, as: UTF8.self).contains("HTTP/1.1"), "no HTTP response in the clear")

            var generator = SystemRandomNumberGenerator()
            let random = try SocketClient(port: server.tlsPort)
            try random.sendRaw((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
            #expect(random.bytesUntilClose() != nil, "random bytes: closed")

            let hello = clientHello()
            let truncated = try SocketClient(port: server.tlsPort)
            try truncated.sendRaw(Array(hello.prefix(hello.count / 2)))
            truncated.shutdownWrite()
            #expect(truncated.bytesUntilClose() != nil, "truncated ClientHello then end of stream: closed")

            try stillServes(server)
        }
    }

    @Test("a handshake that stalls is closed at the handshake timeout", arguments: EventLoopBackend.allCases)
    func stalledHandshakeTimesOut(backend: EventLoopBackend) throws {
        try withTLSServer(backend, timeouts: ConnectionTimeouts(handshake: .milliseconds(300))) { server, _ in
            let silent = try SocketClient(port: server.tlsPort)
            let hello = clientHello()
            let stalled = try SocketClient(port: server.tlsPort)
            try stalled.sendRaw(Array(hello.prefix(hello.count / 2)))
            let started = ContinuousClock.now
            #expect(stalled.bytesUntilClose(timeout: .seconds(10)) != nil, "half a ClientHello, then nothing: closed")
            #expect(silent.bytesUntilClose(timeout: .seconds(10)) != nil, "nothing at all: closed")
            #expect(ContinuousClock.now - started >= .milliseconds(200), "closed by the timer, not at once")
            try stillServes(server)
        }
    }

    @Test("a TLS client that stops reading a large response is dropped at the write timeout",
          arguments: EventLoopBackend.allCases)
    func stalledReaderDropped(backend: EventLoopBackend) throws {
        try withTLSServer(backend, timeouts: ConnectionTimeouts(write: .milliseconds(300))) { server, _ in
            let reader = try TLSSocketClient(port: server.tlsPort)
            #expect(try reader.handshake() == .done)
            try reader.send(get("/zeros/33554432"))  // 32 MiB: far more than the socket buffers hold
            // Never reading: the server's encrypted output blocks, and the write deadline ends the connection.
            #expect(eventually { server.server.openConnections == 0 }, "dropped after the write timeout")
            try stillServes(server)
        }
    }
}
