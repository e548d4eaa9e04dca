import COpenSSL
import HTTPServer
import Testing
import TLSTransport
import TestSupport

/// close_notify in both directions (RFC 8446 §6.1).
struct ClosingTests {
    private func established(in directory: CertificateDirectory) throws -> Conversation {
        let pair = try directory.makeSelfSigned(commonName: "localhost")
        let factory = try TLSTransportFactory(
            configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
        )
        let conversation = Conversation(client: TestTLSClient(), server: try factory.makeTransport())
        try #require(conversation.handshake() == .established)
        return conversation
    }

    @Test func clientCloseNotifyIsReportedAsClosedByPeer() throws {
        try withCertificates { directory in
            let conversation = try established(in: directory)
            conversation.client.sendCloseNotify()
            #expect(throws: TransportError.closedByPeer) {
                try conversation.deliverToServer(conversation.client.takeOutput())
            }
            // Later input keeps reporting the close rather than reaching OpenSSL again.
            #expect(throws: TransportError.closedByPeer) { try conversation.deliverToServer([0x17, 0x03]) }
        }
    }

    @Test func dataBeforeTheCloseNotifyIsStillDecrypted() throws {
        try withCertificates { directory in
            let conversation = try established(in: directory)
            conversation.client.send("last words")
            conversation.client.sendCloseNotify()
            #expect(throws: TransportError.closedByPeer) {
                try conversation.deliverToServer(conversation.client.takeOutput())
            }
            #expect(String(decoding: conversation.serverReceived, as: UTF8.self) == "last words")
        }
    }

    @Test func serverShutdownSendsCloseNotifyOnce() throws {
        try withCertificates { directory in
            let conversation = try established(in: directory)
            var output: [UInt8] = []
            conversation.server.shutdown(into: &output)
            #expect(!output.isEmpty)
            conversation.client.receive(output)
            #expect(conversation.client.read().end == .failed("close_notify"))
            #expect(conversation.client.receivedCloseNotify)

            var again: [UInt8] = []
            conversation.server.shutdown(into: &again)
            #expect(again.isEmpty)
            #expect(throws: TransportError.unavailable("TLS session already shut down")) {
                try Array("late".utf8).withUnsafeBytes { try conversation.server.wrap($0, into: &again) }
            }
        }
    }

    @Test func shutdownDuringTheHandshakeSendsNothing() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let factory = try TLSTransportFactory(
                configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
            )
            let session = try factory.makeTransport()
            var output: [UInt8] = []
            session.shutdown(into: &output)
            #expect(output.isEmpty)
            #expect(ERR_peek_error() == 0)
        }
    }
}
