/// `openssl` refused to make a test certificate; the message is the command line and its status.
public struct CertificateGenerationFailed: Error, CustomStringConvertible {
    public let arguments: [String]
    public let status: Int32
    public var description: String { "openssl \(arguments.joined(separator: " ")) exited with \(status)" }
}
