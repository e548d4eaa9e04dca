import COpenSSL
import HTTPServer
import Testing
import TLSTransport
import TestSupport

/// In-memory handshakes between an OpenSSL client and `TLSSession`: what a client of each kind gets.
struct HandshakeTests {
    /// A factory for a fresh self-signed `localhost` certificate, and a conversation with a client.
    private func converse(
        _ options: TestTLSClient.Options = .init(), in directory: CertificateDirectory
    ) throws -> Conversation {
        let pair = try directory.makeSelfSigned(commonName: "localhost")
        let factory = try TLSTransportFactory(
            configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
        )
        var options = options
        options.trustedCertificates = [pair.certificate]
        return Conversation(client: TestTLSClient(options), server: try factory.makeTransport())
    }

    @Test func tls13HandshakeVerifiesAndNegotiatesHTTP11() throws {
        try withCertificates { directory in
            let conversation = try converse(in: directory)
            #expect(conversation.server.isHandshaking)
            #expect(conversation.handshake() == .established)
            #expect(!conversation.server.isHandshaking)
            #expect(conversation.client.version == "TLSv1.3")
            #expect(conversation.client.verified)
            #expect(conversation.client.peerSubject == "/CN=localhost")
            #expect(conversation.client.alpn == "http/1.1")
            #expect((conversation.server as? TLSSession)?.protocolVersion == "TLSv1.3")
        }
    }

    @Test func tls12UsesECDHEWithAESGCM() throws {
        try withCertificates { directory in
            let conversation = try converse(.init(maximumVersion: TLS1_2_VERSION), in: directory)
            #expect(conversation.handshake() == .established)
            #expect(conversation.client.version == "TLSv1.2")
            #expect(conversation.client.cipher == "ECDHE-ECDSA-AES128-GCM-SHA256")
            #expect(conversation.client.alpn == "http/1.1")
        }
    }

    @Test func tls12ServerCipherOrderWinsOverTheClients() throws {
        try withCertificates { directory in
            let clientPrefersChaCha = TestTLSClient.Options(
                maximumVersion: TLS1_2_VERSION,
                tls12Ciphers: "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384"
            )
            let conversation = try converse(clientPrefersChaCha, in: directory)
            #expect(conversation.handshake() == .established)
            #expect(conversation.client.cipher == "ECDHE-ECDSA-AES256-GCM-SHA384")
        }
    }

    @Test func tls12ChaCha20OnlyClientIsServed() throws {
        try withCertificates { directory in
            let options = TestTLSClient.Options(
                maximumVersion: TLS1_2_VERSION, tls12Ciphers: "ECDHE-ECDSA-CHACHA20-POLY1305"
            )
            let conversation = try converse(options, in: directory)
            #expect(conversation.handshake() == .established)
            #expect(conversation.client.cipher == "ECDHE-ECDSA-CHACHA20-POLY1305")
        }
    }

    @Test("TLS 1.2 clients offering only CBC or non-ECDHE suites are refused", arguments: [
        "ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA", "AES128-GCM-SHA256",
    ])
    func tls12WeakCiphersRefused(cipher: String) throws {
        try withCertificates { directory in
            let options = TestTLSClient.Options(maximumVersion: TLS1_2_VERSION, tls12Ciphers: cipher)
            let conversation = try converse(options, in: directory)
            let outcome = conversation.handshake()
            guard case .serverFailed(.protocolViolation) = outcome else {
                Issue.record("expected the server to refuse, got \(outcome)")
                return
            }
        }
    }

    @Test("TLS 1.0 and 1.1 clients are refused", arguments: [TLS1_VERSION, TLS1_1_VERSION])
    func oldProtocolVersionsRefused(version: Int32) throws {
        try withCertificates { directory in
            // Security level 0 so the old client is willing to offer SHA-1 era suites at all.
            let options = TestTLSClient.Options(
                minimumVersion: version, maximumVersion: version, tls12Ciphers: "DEFAULT:@SECLEVEL=0"
            )
            let conversation = try converse(options, in: directory)
            let outcome = conversation.handshake()
            #expect(conversation.bytesSentToServer > 0, "the client never sent a ClientHello")
            guard case .serverFailed(.protocolViolation(let message)) = outcome else {
                Issue.record("expected the server to refuse, got \(outcome)")
                return
            }
            #expect(message.contains("unsupported protocol"))
            #expect(!conversation.server.isHandshaking)
        }
    }

    @Test("ALPN: http/1.1 is chosen when offered, no ALPN otherwise", arguments: [
        (["h2", "http/1.1"], "http/1.1"), (["http/1.1"], "http/1.1"), (["h2"], nil), ([], nil),
    ] as [([String], String?)])
    func alpnSelection(offered: [String], expected: String?) throws {
        try withCertificates { directory in
            let conversation = try converse(.init(alpn: offered), in: directory)
            #expect(conversation.handshake() == .established)
            #expect(conversation.client.alpn == expected)
        }
    }

    @Test("Session tickets let a second connection resume", arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func sessionTicketsResume(version: Int32) throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let factory = try TLSTransportFactory(
                configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
            )
            let first = Conversation(
                client: TestTLSClient(.init(maximumVersion: version)), server: try factory.makeTransport()
            )
            #expect(first.handshake() == .established)
            _ = first.client.read()  // TLS 1.3 tickets arrive after the handshake
            let session = try #require(first.client.copySession())
            defer { SSL_SESSION_free(session) }

            let second = Conversation(
                client: TestTLSClient(.init(maximumVersion: version, resuming: session)),
                server: try factory.makeTransport()
            )
            #expect(second.handshake() == .established)
            #expect(second.client.resumed)
        }
    }
}
