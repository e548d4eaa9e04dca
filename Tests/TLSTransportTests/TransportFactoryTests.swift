import Dispatch
import Glibc
import HTTPServer
import Testing
import TLSTransport
import TestSupport

/// Start-up errors for bad credentials, and certificate reload while sessions are open.
struct TransportFactoryTests {
    private func factory(certificate: String, key: String) throws(TLSSetupError) -> TLSTransportFactory {
        try TLSTransportFactory(configuration: TLSConfiguration(certificatePath: certificate, privateKeyPath: key))
    }

    private func setupError(certificate: String, key: String) -> TLSSetupError? {
        do {
            _ = try factory(certificate: certificate, key: key)
            return nil
        } catch {
            return error
        }
    }

    @Test func missingFilesAreNamed() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let absent = "\(directory.path)/absent.pem"
            #expect(setupError(certificate: absent, key: pair.key) == .certificateMissing(path: absent))
            #expect(setupError(certificate: pair.certificate, key: absent) == .privateKeyMissing(path: absent))
            #expect(TLSSetupError.certificateMissing(path: absent).description.contains(absent))
        }
    }

    @Test func directoryInsteadOfFileIsUnreadable() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            #expect(setupError(certificate: directory.path, key: pair.key)
                == .certificateUnreadable(path: directory.path, reason: "not a regular file"))
            #expect(setupError(certificate: pair.certificate, key: directory.path)
                == .privateKeyUnreadable(path: directory.path, reason: "not a regular file"))
        }
    }

    @Test(.enabled(if: geteuid() != 0, "root reads files regardless of permissions"))
    func permissionDeniedIsUnreadable() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            #expect(chmod(pair.key, 0) == 0)
            guard case .privateKeyUnreadable(pair.key, let reason)? = setupError(certificate: pair.certificate, key: pair.key)
            else {
                Issue.record("expected privateKeyUnreadable")
                return
            }
            #expect(reason.contains("Permission denied"))
        }
    }

    @Test func malformedFilesAreReportedAsSuch() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let garbage = try directory.write("this is not PEM\n", named: "garbage.pem")
            let empty = try directory.write("", named: "empty.pem")
            for bad in [garbage, empty, pair.key] {  // a key where the certificate should be is malformed too
                guard case .certificateMalformed(bad, _)? = setupError(certificate: bad, key: pair.key) else {
                    Issue.record("\(bad) as certificate: expected certificateMalformed")
                    continue
                }
            }
            for bad in [garbage, empty, pair.certificate] {
                guard case .privateKeyMalformed(bad, _)? = setupError(certificate: pair.certificate, key: bad) else {
                    Issue.record("\(bad) as key: expected privateKeyMalformed")
                    continue
                }
            }
        }
    }

    @Test func encryptedKeyIsRefusedWithoutPrompting() throws {
        try withCertificates { directory in
            let pair = try directory.makeSelfSigned(commonName: "localhost")
            let encrypted = try directory.encryptedCopy(ofKey: pair.key)
            guard case .privateKeyMalformed(encrypted, _)? = setupError(certificate: pair.certificate, key: encrypted)
            else {
                Issue.record("expected privateKeyMalformed for an encrypted key")
                return
            }
        }
    }

    @Test func keyOfAnotherCertificateIsAMismatch() throws {
        try withCertificates { directory in
            let alpha = try directory.makeSelfSigned(commonName: "alpha")
            let beta = try directory.makeSelfSigned(commonName: "beta")
            let error = setupError(certificate: alpha.certificate, key: beta.key)
            #expect(error == .keyDoesNotMatchCertificate(certificatePath: alpha.certificate, privateKeyPath: beta.key))
            #expect(error?.description == "TLS private key \(beta.key) does not match the certificate \(alpha.certificate)")
        }
    }

    @Test func hstsHeaderValue() {
        #expect(StrictTransportSecurity().headerValue == "max-age=31536000")
        #expect(StrictTransportSecurity(maxAgeSeconds: 600, includeSubdomains: true).headerValue
            == "max-age=600; includeSubDomains")
        #expect(TLSConfiguration(certificatePath: "c", privateKeyPath: "k").handshakeTimeout == .seconds(10))
    }
}
