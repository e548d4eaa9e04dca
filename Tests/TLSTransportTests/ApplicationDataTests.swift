import COpenSSL
import HTTPServer
import Testing
import TLSTransport
import TestSupport

/// Application bytes through an established session, however the socket happens to chunk them.
struct ApplicationDataTests {
    private static let request = "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n"

    /// An established TLS session with a trusting client (TLS 1.3 unless `maximumVersion` says otherwise).
    private func established(
        in directory: CertificateDirectory, maximumVersion: Int32 = TLS1_3_VERSION
    ) throws -> Conversation {
        let pair = try directory.makeSelfSigned(commonName: "localhost")
        let factory = try TLSTransportFactory(
            configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
        )
        let conversation = Conversation(
            client: TestTLSClient(.init(maximumVersion: maximumVersion)), server: try factory.makeTransport()
        )
        try #require(conversation.handshake() == .established)
        return conversation
    }

    @Test("Bytes flow both ways", arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func bothDirections(version: Int32) throws {
        try withCertificates { directory in
            let conversation = try established(in: directory, maximumVersion: version)
            #expect(try conversation.clientSends(Self.request) == Self.request)
            let response = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"
            #expect(try conversation.serverSends(response) == response)
        }
    }

    @Test func recordSplitIntoOneByteReadsIsReassembled() throws {
        try withCertificates { directory in
            let conversation = try established(in: directory)
            conversation.client.send(Self.request)
            let record = conversation.client.takeOutput()
            // Every byte but the last: a partial record yields nothing and is not an error.
            try conversation.deliverToServer(Array(record.dropLast()), chunkSize: 1)
            #expect(conversation.serverReceived.isEmpty)
            try conversation.deliverToServer([record[record.count - 1]])
            #expect(String(decoding: conversation.serverReceived, as: UTF8.self) == Self.request)
        }
    }

    @Test("A handshake fed one byte at a time completes", arguments: [TLS1_2_VERSION, TLS1_3_VERSION])
    func handshakeOneByteAtATime(version: Int32) throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let factory = try TLSTransportFactory(
                configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
            )
            let conversation = Conversation(
                client: TestTLSClient(.init(maximumVersion: version)), server: try factory.makeTransport()
            )
            var finished = false
            for _ in 0..<10 where !finished {
                let step = conversation.client.handshake()
                if case .failed(let message) = step {
                    Issue.record("client gave up: \(message)")
                    return
                }
                try conversation.deliverToServer(conversation.client.takeOutput(), chunkSize: 1)
                finished = step == .done && !conversation.server.isHandshaking
            }
            #expect(finished)
            #expect(try conversation.clientSends(Self.request) == Self.request)
        }
    }

    @Test func pipelinedRecordsInOneReadAllArrive() throws {
        try withCertificates { directory in
            let conversation = try established(in: directory)
            conversation.client.send(Self.request)
            conversation.client.send(Self.request)
            conversation.client.send(Self.request)
            try conversation.deliverToServer(conversation.client.takeOutput())
            #expect(String(decoding: conversation.serverReceived, as: UTF8.self) == Self.request + Self.request + Self.request)
        }
    }

    @Test func requestInTheSameReadAsTheClientFinishedIsDelivered() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let factory = try TLSTransportFactory(
                configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
            )
            let conversation = Conversation(client: TestTLSClient(), server: try factory.makeTransport())
            #expect(conversation.client.handshake() == .needsInput)
            try conversation.deliverToServer(conversation.client.takeOutput())  // ClientHello → server flight
            #expect(conversation.client.handshake() == .done)
            conversation.client.send(Self.request)
            // Finished and the first request leave the client together, as they do from a real TLS 1.3 client.
            try conversation.deliverToServer(conversation.client.takeOutput())
            #expect(!conversation.server.isHandshaking)
            #expect(String(decoding: conversation.serverReceived, as: UTF8.self) == Self.request)
            // The reply of that call (session tickets) went out first; the response follows it.
            #expect(try conversation.serverSends("HTTP/1.1 204 No Content\r\n\r\n") == "HTTP/1.1 204 No Content\r\n\r\n")
        }
    }

    @Test func largeResponseSpansManyRecords() throws {
        try withCertificates { directory in
            let conversation = try established(in: directory)
            let body = String(repeating: "0123456789abcdef", count: 20_000)  // 320 KB, about 20 records
            #expect(try conversation.serverSends(body) == body)
        }
    }

    @Test func largeRequestInOneReadIsDecrypted() throws {
        try withCertificates { directory in
            let conversation = try established(in: directory)
            let body = String(repeating: "x", count: 200_000)
            #expect(try conversation.clientSends(body) == body)
        }
    }

    @Test func wrapBeforeTheHandshakeIsRefused() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let factory = try TLSTransportFactory(
                configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
            )
            let session = try factory.makeTransport()
            var output: [UInt8] = []
            #expect(throws: TransportError.unavailable("TLS handshake not finished")) {
                try Array("early".utf8).withUnsafeBytes { try session.wrap($0, into: &output) }
            }
            #expect(output.isEmpty)
        }
    }
}
