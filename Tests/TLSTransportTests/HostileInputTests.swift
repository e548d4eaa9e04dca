import COpenSSL
import Cryptography
import HTTPServer
import Testing
import TLSTransport
import TestSupport

/// Bytes that are not a TLS client doing the right thing: refused with an error, never a crash, and the
/// thread's OpenSSL error queue left empty for the next connection on the same event loop.
struct HostileInputTests {
    private func makeFactory(in directory: CertificateDirectory) throws -> TLSTransportFactory {
        let pair = try directory.makeSelfSigned(commonName: "localhost")
        return try TLSTransportFactory(
            configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
        )
    }

    /// Feeds `bytes` to a fresh session in one unwrap call.
    private func feed(_ bytes: [UInt8], to session: any ConnectionTransport) throws(TransportError) {
        var plaintext: [UInt8] = []
        var reply: [UInt8] = []
        try session.unwrapBytes(bytes, into: &plaintext, reply: &reply)
        #expect(plaintext.isEmpty, "hostile input must never yield application bytes")
    }

    @Test func plaintextHTTPIsAProtocolViolation() throws {
        try withCertificates { directory in
            let session = try makeFactory(in: directory).makeTransport()
            let request = Array("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".utf8)
            let error = #expect(throws: TransportError.self) { try feed(request, to: session) }
            guard case .protocolViolation(let message)? = error else {
                Issue.record("expected protocolViolation, got \(String(describing: error))")
                return
            }
            #expect(message.contains("http request"))
            #expect(ERR_peek_error() == 0, "stale OpenSSL error left on the thread")
            // The session stays failed: more input repeats the error instead of reaching OpenSSL again.
            #expect(throws: TransportError.protocolViolation(message)) { try feed(request, to: session) }
            #expect(!session.isHandshaking)
        }
    }

    @Test func randomBytesAreRefused() throws {
        try withCertificates { directory in
            let factory = try makeFactory(in: directory)
            for _ in 0..<50 {
                var noise = SecureRandom.bytes(65_536)
                // 0x16 would announce a handshake record whose random length may need more than 64 KiB of
                // fragments; anything else is refused within the first record or two.
                if noise[0] == 0x16 { noise[0] = 0x15 }
                let session = try factory.makeTransport()
                #expect(throws: TransportError.self) { try feed(noise, to: session) }
                #expect(ERR_peek_error() == 0)
            }
        }
    }

    @Test func truncatedClientHelloWaitsForTheRest() throws {
        try withCertificates { directory in
            let factory = try makeFactory(in: directory)
            let conversation = Conversation(client: TestTLSClient(), server: try factory.makeTransport())
            #expect(conversation.client.handshake() == .needsInput)
            let hello = conversation.client.takeOutput()
            try conversation.deliverToServer(Array(hello.prefix(hello.count - 10)))
            #expect(conversation.server.isHandshaking)
            #expect(conversation.client.takeOutput().isEmpty)
            #expect(conversation.client.handshake() == .needsInput, "the server must not have answered yet")

            try conversation.deliverToServer(Array(hello.suffix(10)))
            #expect(conversation.handshake() == .established)
        }
    }

    @Test func sslv3ClientHelloIsRefused() throws {
        try withCertificates { directory in
            let session = try makeFactory(in: directory).makeTransport()
            // ClientHello, legacy_version 3.0, one suite (TLS_RSA_WITH_AES_128_CBC_SHA), null compression.
            var body: [UInt8] = [0x03, 0x00] + SecureRandom.bytes(32) + [0x00, 0x00, 0x02, 0x00, 0x2F, 0x01, 0x00]
            body = [0x01, 0x00, 0x00, UInt8(body.count)] + body
            let record: [UInt8] = [0x16, 0x03, 0x00, 0x00, UInt8(body.count)] + body
            let error = #expect(throws: TransportError.self) { try feed(record, to: session) }
            guard case .protocolViolation? = error else {
                Issue.record("expected protocolViolation, got \(String(describing: error))")
                return
            }
            #expect(ERR_peek_error() == 0)
        }
    }

    @Test func tls12RenegotiationIsRefused() throws {
        try withCertificates { directory in
            let factory = try makeFactory(in: directory)
            let conversation = Conversation(
                client: TestTLSClient(.init(maximumVersion: TLS1_2_VERSION)), server: try factory.makeTransport()
            )
            try #require(conversation.handshake() == .established)
            #expect(SSL_renegotiate(conversation.client.connection) == 1)
            _ = conversation.client.handshake()  // sends a new ClientHello inside the session
            try conversation.deliverToServer(conversation.client.takeOutput())
            guard case .failed(let message) = conversation.client.handshake() else {
                Issue.record("the server accepted a renegotiation")
                return
            }
            #expect(message == "no renegotiation")
        }
    }
}
