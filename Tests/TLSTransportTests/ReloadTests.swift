import Dispatch
import HTTPServer
import Synchronization
import Testing
import TLSTransport
import TestSupport

/// SIGHUP reload: new handshakes get the new pair, open sessions carry on, a bad pair changes nothing.
struct ReloadTests {
    private static let request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"

    /// Live files at fixed paths (as the config names them), first holding the "alpha" pair.
    private func liveFiles(in directory: CertificateDirectory) throws -> TLSConfiguration {
        let alpha = try directory.makeSelfSigned(commonName: "alpha")
        let live = TLSConfiguration(
            certificatePath: "\(directory.path)/live.crt", privateKeyPath: "\(directory.path)/live.key"
        )
        try directory.copy(alpha.certificate, over: live.certificatePath)
        try directory.copy(alpha.key, over: live.privateKeyPath)
        return live
    }

    private func connect(_ factory: TLSTransportFactory) throws -> Conversation {
        let conversation = Conversation(client: TestTLSClient(), server: try factory.makeTransport())
        try #require(conversation.handshake() == .established)
        return conversation
    }

    @Test func reloadServesTheNewCertificateWhileOpenSessionsContinue() throws {
        try withCertificates { directory in
            let live = try liveFiles(in: directory)
            let factory = try TLSTransportFactory(configuration: live)
            let before = try connect(factory)
            #expect(before.client.peerSubject == "/CN=alpha")

            let beta = try directory.makeSelfSigned(commonName: "beta")
            try directory.copy(beta.certificate, over: live.certificatePath)
            try directory.copy(beta.key, over: live.privateKeyPath)
            #expect(factory.certificateSummary.hasPrefix("/CN=alpha, valid until "))
            try factory.reload()
            #expect(factory.certificateSummary.hasPrefix("/CN=beta, valid until "))

            let after = try connect(factory)
            #expect(after.client.peerSubject == "/CN=beta")
            // The session made before the reload still works in both directions.
            #expect(try before.clientSends(Self.request) == Self.request)
            #expect(try before.serverSends("still here") == "still here")
        }
    }

    @Test func badNewPairIsRefusedAndTheOldOneKept() throws {
        try withCertificates { directory in
            let live = try liveFiles(in: directory)
            let factory = try TLSTransportFactory(configuration: live)

            // A deploy that replaced only the certificate: the old key no longer matches.
            let beta = try directory.makeSelfSigned(commonName: "beta")
            try directory.copy(beta.certificate, over: live.certificatePath)
            #expect(throws: TLSSetupError.keyDoesNotMatchCertificate(
                certificatePath: live.certificatePath, privateKeyPath: live.privateKeyPath
            )) { try factory.reload() }
            #expect(try connect(factory).client.peerSubject == "/CN=alpha")

            // A truncated key file.
            try directory.copy(beta.key, over: live.privateKeyPath)
            _ = try directory.write("-----BEGIN PRIVATE KEY-----\n", named: "live.key")
            #expect(throws: TLSSetupError.self) { try factory.reload() }
            #expect(try connect(factory).client.peerSubject == "/CN=alpha")
        }
    }

    @Test func sessionsAreMadeSafelyWhileReloadingFromAnotherThread() throws {
        try withCertificates { directory in
            let live = try liveFiles(in: directory)
            let factory = try TLSTransportFactory(configuration: live)
            let beta = try directory.makeSelfSigned(commonName: "beta")
            try directory.copy(beta.certificate, over: live.certificatePath)
            try directory.copy(beta.key, over: live.privateKeyPath)

            let subjects = Mutex<[String]>([])
            // Four "event loops" handshake while a fifth thread keeps reloading.
            DispatchQueue.concurrentPerform(iterations: 5) { worker in
                if worker == 0 {
                    for _ in 0..<20 { try? factory.reload() }
                    return
                }
                for _ in 0..<20 {
                    guard let conversation = try? connect(factory),
                          (try? conversation.clientSends(Self.request)) == Self.request
                    else { continue }
                    let subject = conversation.client.peerSubject ?? "none"
                    subjects.withLock { $0.append(subject) }
                }
            }
            let seen = subjects.withLock { $0 }
            #expect(seen.count == 80)
            #expect(Set(seen).isSubset(of: ["/CN=alpha", "/CN=beta"]))
        }
    }
}
