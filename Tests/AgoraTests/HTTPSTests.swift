import Glibc
import Testing
import TestSupport

/// `agora serve` with HTTPS, as an operator runs it: curl against the TLS listener, HSTS, SIGHUP reload with a
/// connection open, HTTPS only, and start-up refusing unusable certificates.
@Suite("agora serve over HTTPS")
struct HTTPSTests {
    /// A running server with a plain and a TLS listener on free ports, serving `localhost.crt` from `certificates`.
    private func serve(_ certificates: CertificateDirectory, extra: [String] = []) throws -> (AgoraProcess, tlsPort: Int) {
        let pair = try certificates.makeSelfSigned(commonName: "localhost")
        let process = try AgoraProcess(["serve", "--port", "0", "--tls-port", "0", "--tls-cert", pair.certificate,
                                        "--tls-key", pair.key, "--data-dir", certificates.path + "/data"] + extra)
        let port = try #require(process.tlsListeningPort(), "stderr: \(process.stderr)")
        return (process, port)
    }

    @Test("curl --cacert: keep-alive over TLS 1.3 and TLS 1.2, HSTS over TLS only", arguments: [
        (["--tlsv1.3"], "TLSv1.3"), (["--tlsv1.2", "--tls-max", "1.2"], "TLSv1.2"),
    ])
    func curlOverTLS(versionArguments: [String], version: String) throws {
        let certificates = CertificateDirectory(path: AgoraProcess.temporaryDirectory("tls"))
        let (process, port) = try serve(certificates, extra: ["--hsts-max-age", "31536000", "--hsts-include-subdomains"])
        #expect(process.stdout.contains("\"msg\":\"tls certificate loaded\""))
        #expect(process.stdout.contains("/CN=localhost, valid until"))

        let result = try curlHTTPS(port: port, certificate: certificates.path + "/localhost.crt",
                                   paths: ["/healthz", "/readyz"], extra: versionArguments)
        #expect(result.status == 0, "curl: \(result.stderr)")
        #expect(result.stderr.contains("SSL connection using \(version)"))
        #expect(result.stderr.contains("Re-using existing connection"), "the second request reuses the connection")
        #expect(result.stdout.contains(#"{"status":"ok"}"#) && result.stdout.contains(#"{"status":"ready"}"#))
        #expect(result.stdout.components(separatedBy: "Strict-Transport-Security: max-age=31536000; includeSubDomains")
            .count == 3, "on both responses")

        let plainPort = try #require(process.listeningPort())
        let plain = try runTool("/usr/bin/curl", ["-sS", "-i", "http://127.0.0.1:\(plainPort)/healthz"])
        #expect(plain.stdout.hasPrefix("HTTP/1.1 200"))
        #expect(!plain.stdout.contains("Strict-Transport-Security"), "never over plain HTTP (RFC 6797 §7.2)")
        process.signal(SIGTERM)
        #expect(process.wait() == 0)
    }

    @Test("curl offering only TLS 1.1 is refused; the server keeps serving")
    func oldClientRefused() throws {
        let certificates = CertificateDirectory(path: AgoraProcess.temporaryDirectory("tls"))
        let (process, port) = try serve(certificates)
        let certificate = certificates.path + "/localhost.crt"
        let old = try curlHTTPS(port: port, certificate: certificate, paths: ["/healthz"],
                                extra: ["--tlsv1.1", "--tls-max", "1.1", "--ciphers", "DEFAULT:@SECLEVEL=0"])
        #expect(old.status != 0)
        #expect(try curlHTTPS(port: port, certificate: certificate, paths: ["/healthz"]).status == 0)
        process.signal(SIGTERM)
        #expect(process.wait() == 0)
    }

    @Test("SIGHUP swaps the certificate for new connections; an open keep-alive connection keeps working")
    func sighupReload() throws {
        let certificates = CertificateDirectory(path: AgoraProcess.temporaryDirectory("tls"))
        let (process, port) = try serve(certificates)
        let live = (certificate: certificates.path + "/localhost.crt", key: certificates.path + "/localhost.key")

        let open = try OpenSSLClientProcess(port: port, certificate: live.certificate)
        open.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(open.waitFor(#"{"status":"ok"}"#))

        // The renewed certificate keeps the DNS name but has a different subject.
        let renewed = try CertificateDirectory(path: AgoraProcess.temporaryDirectory("tls")).makeSelfSigned(commonName: "renewed")
        try certificates.copy(renewed.certificate, over: live.certificate)
        try certificates.copy(renewed.key, over: live.key)
        process.signal(SIGHUP)
        let reloaded = try #require(process.waitForLine(containing: "\"msg\":\"tls certificate reloaded\""))
        #expect(reloaded.contains("/CN=renewed"))

        let fresh = try curlHTTPS(port: port, certificate: live.certificate, paths: ["/healthz"], extra: ["-k"])
        #expect(fresh.status == 0, "curl: \(fresh.stderr)")
        #expect(fresh.stderr.contains("subject: CN=renewed"), "new connections get the new certificate")

        open.send("GET /readyz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        #expect(open.waitFor(#"{"status":"ready"}"#), "the connection opened before the reload still works")

        // A broken pair is refused and the current one stays.
        try write("not a key", to: live.key)
        process.signal(SIGHUP)
        let refused = try #require(process.waitForLine(containing: "\"msg\":\"tls certificate reload failed"))
        #expect(refused.contains(live.key))
        let after = try curlHTTPS(port: port, certificate: live.certificate, paths: ["/healthz"], extra: ["-k"])
        #expect(after.status == 0 && after.stderr.contains("subject: CN=renewed"))

        process.signal(SIGTERM)
        #expect(process.wait() == 0)
    }

    @Test("--no-plain-http serves HTTPS only")
    func httpsOnly() throws {
        let certificates = CertificateDirectory(path: AgoraProcess.temporaryDirectory("tls"))
        let (process, port) = try serve(certificates, extra: ["--no-plain-http"])
        let line = try #require(process.waitForLine(containing: "\"msg\":\"listening\""))
        #expect(line.contains("\"addresses\":\"127.0.0.1:\(port) (tls)\""), "one listener: \(line)")
        #expect(try curlHTTPS(port: port, certificate: certificates.path + "/localhost.crt", paths: ["/healthz"])
            .status == 0)
        process.signal(SIGTERM)
        #expect(process.wait() == 0)
    }

    @Test("an unusable certificate or key stops start-up with exit 1 and a message naming the file")
    func badCertificateAtStart() throws {
        let certificates = CertificateDirectory(path: AgoraProcess.temporaryDirectory("tls"))
        let good = try certificates.makeSelfSigned(commonName: "localhost")
        let other = try certificates.makeSelfSigned(commonName: "other")
        let garbage = certificates.path + "/garbage.pem"
        try write("-----BEGIN CERTIFICATE-----\nnot base64\n", to: garbage)
        let cases: [(certificate: String, key: String, message: String)] = [
            (certificates.path + "/missing.crt", good.key, "missing.crt does not exist"),
            (good.certificate, certificates.path + "/missing.key", "missing.key does not exist"),
            // Unreadable: a directory (permission bits would not stop a test running as root).
            (certificates.path, good.key, "\(certificates.path) cannot be read: not a regular file"),
            (garbage, good.key, "\(garbage) does not contain a valid PEM certificate"),
            (good.certificate, other.key, "does not match the certificate \(good.certificate)"),
        ]
        for bad in cases {
            let process = try AgoraProcess(["serve", "--port", "0", "--tls-port", "0", "--tls-cert", bad.certificate,
                                            "--tls-key", bad.key, "--data-dir", certificates.path + "/data"])
            #expect(process.wait() == 1)
            #expect(process.stderr.contains(bad.message), "stderr: \(process.stderr)")
        }
    }

    @Test("inconsistent TLS settings exit 2", arguments: [
        (["--tls-cert", "/tmp/x.crt"], "tlsKey"),
        (["--tls-key", "/tmp/x.key"], "tlsCert"),
        (["--no-plain-http"], "nothing to serve"),
    ])
    func inconsistentSettings(arguments: [String], message: String) throws {
        let process = try AgoraProcess(["serve", "--port", "0"] + arguments)
        #expect(process.wait() == 2)
        #expect(process.stderr.contains(message), "stderr: \(process.stderr)")
    }
}
