import Foundation
import Testing
import TLSTransport
import TestSupport

/// Real clients over a loopback socket: curl (OpenSSL-based, offers h2 and http/1.1) and openssl s_client.
struct CurlInteropTests {
    private func serve(in directory: CertificateDirectory) throws -> (LoopbackTLSServer, String) {
        let pair = try directory.makeSelfSigned(commonName: "localhost")
        let factory = try TLSTransportFactory(
            configuration: TLSConfiguration(certificatePath: pair.certificate, privateKeyPath: pair.key)
        )
        return (try LoopbackTLSServer(factory: factory), pair.certificate)
    }

    @Test("curl --cacert: keep-alive requests over TLS 1.3 and TLS 1.2", arguments: [
        (["--tlsv1.3"], "TLSv1.3"), (["--tlsv1.2", "--tls-max", "1.2"], "TLSv1.2"),
    ])
    func curlKeepAlive(versionArguments: [String], expectedVersion: String) throws {
        try withCertificates { directory in
            let (server, certificate) = try serve(in: directory)
            let base = "https://localhost:\(server.port)"
            let (status, stdout, stderr) = try runTool("/usr/bin/curl", [
                "-sS", "-v", "--max-time", "10", "--cacert", certificate,
                "--resolve", "localhost:\(server.port):127.0.0.1",
            ] + versionArguments + ["\(base)/first", "\(base)/second"])
            let record = server.result()
            #expect(status == 0, "curl failed: \(stderr)")
            #expect(stdout == "hello /first\nhello /second\n")
            #expect(record.requestsServed == 2, "both requests on one connection")
            #expect(stderr.contains("SSL connection using \(expectedVersion)"))
            #expect(stderr.contains("ALPN: server accepted http/1.1"))
        }
    }

    @Test func opensslClientOfferingTLS11IsRefused() throws {
        try withCertificates { directory in
            let (server, _) = try serve(in: directory)
            let (status, _, _) = try runTool("/usr/bin/openssl", [
                "s_client", "-connect", "127.0.0.1:\(server.port)", "-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0",
            ])
            let record = server.result()
            #expect(status != 0)
            guard case .protocolViolation? = record.error else {
                Issue.record("expected the server to refuse TLS 1.1, got \(String(describing: record.error))")
                return
            }
        }
    }
}
