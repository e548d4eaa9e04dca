/// Why a certificate/key pair could not be turned into a TLS context. At start-up this is printed and the
/// server exits; on reload it is logged and the previous pair stays in use.
public enum TLSSetupError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No file at the certificate path.
    case certificateMissing(path: String)
    /// The certificate file exists but cannot be read (permissions, a directory, ...).
    case certificateUnreadable(path: String, reason: String)
    /// The certificate file is not a PEM certificate chain OpenSSL accepts.
    case certificateMalformed(path: String, detail: String)
    /// No file at the private key path.
    case privateKeyMissing(path: String)
    /// The private key file exists but cannot be read.
    case privateKeyUnreadable(path: String, reason: String)
    /// The key file is not an unencrypted PEM private key OpenSSL accepts.
    case privateKeyMalformed(path: String, detail: String)
    /// Both files load, but the key is not the one the certificate was issued for.
    case keyDoesNotMatchCertificate(certificatePath: String, privateKeyPath: String)
    /// OpenSSL refused the TLS policy itself (e.g. a library built without the required ciphers).
    case policyRejected(detail: String)

    public var description: String {
        switch self {
        case .certificateMissing(let path):
            "TLS certificate file \(path) does not exist"
        case .certificateUnreadable(let path, let reason):
            "TLS certificate file \(path) cannot be read: \(reason)"
        case .certificateMalformed(let path, let detail):
            "TLS certificate file \(path) does not contain a valid PEM certificate (\(detail))"
        case .privateKeyMissing(let path):
            "TLS private key file \(path) does not exist"
        case .privateKeyUnreadable(let path, let reason):
            "TLS private key file \(path) cannot be read: \(reason)"
        case .privateKeyMalformed(let path, let detail):
            "TLS private key file \(path) does not contain a valid unencrypted PEM private key (\(detail))"
        case .keyDoesNotMatchCertificate(let certificatePath, let privateKeyPath):
            "TLS private key \(privateKeyPath) does not match the certificate \(certificatePath)"
        case .policyRejected(let detail):
            "OpenSSL rejected the TLS policy: \(detail)"
        }
    }
}
