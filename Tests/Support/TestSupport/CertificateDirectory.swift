import Foundation

/// A directory holding certificates made with the `openssl` command: a temporary one removed by `withCertificates`,
/// or one a binary test keeps (`TemporaryDirectory.make`) for the server it starts.
public struct CertificateDirectory: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// A self-signed P-256 certificate for `commonName`; returns (certificate path, key path).
    /// Files are named after the common name, so one directory can hold several pairs.
    @discardableResult
    public func makeSelfSigned(commonName: String) throws -> (certificate: String, key: String) {
        let certificate = "\(path)/\(commonName).crt"
        let key = "\(path)/\(commonName).key"
        try runOpenSSL([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-days", "1", "-subj", "/CN=\(commonName)", "-addext", "subjectAltName=DNS:\(commonName)",
            "-keyout", key, "-out", certificate,
        ])
        return (certificate, key)
    }

    /// The key at `keyPath`, encrypted with a passphrase (something the server must refuse, not prompt for).
    public func encryptedCopy(ofKey keyPath: String) throws -> String {
        let encrypted = "\(keyPath).encrypted"
        try runOpenSSL(["pkey", "-in", keyPath, "-aes256", "-passout", "pass:secret", "-out", encrypted])
        return encrypted
    }

    /// Writes `contents` to a file in the directory and returns its path.
    public func write(_ contents: String, named name: String) throws -> String {
        let file = "\(path)/\(name)"
        try contents.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    /// Replaces `destination` with a copy of `source` (as a deploy tool would, before SIGHUP).
    public func copy(_ source: String, over destination: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        try data.write(to: URL(fileURLWithPath: destination), options: .atomic)
    }

    private func runOpenSSL(_ arguments: [String]) throws {
        let status = try runTool("/usr/bin/openssl", arguments).status
        guard status == 0 else { throw CertificateGenerationFailed(arguments: arguments, status: status) }
    }
}

/// Runs `body` with a fresh temporary directory and removes the directory afterwards, pass or fail.
public func withCertificates<Result>(_ body: (CertificateDirectory) throws -> Result) throws -> Result {
    let directory = TemporaryDirectory(prefix: "agora-tls")
    return try withExtendedLifetime(directory) { try body(CertificateDirectory(path: directory.path)) }
}
