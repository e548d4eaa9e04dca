public import OutboundHTTP

/// An SMTP relay (RFC 5321) to submit through: host and port, STARTTLS (RFC 3207) required unless turned off, and
/// AUTH (RFC 4954) with PLAIN or LOGIN when a user is configured — which needs TLS first (never a password in clear).
public struct SMTPRelay: MailTransport {
    public var host: String
    public var port: Int
    /// False only for a relay on this machine (e.g. a local Postfix on 127.0.0.1:25); then AUTH is refused too.
    public var startTLS: Bool
    public var user: String?
    public var password: String?
    /// The name we give in EHLO (RFC 5321 §4.1.1.1): the host's name, or an address literal.
    public var heloName: String
    public let tls: TLSClientContext

    public init(host: String, port: Int, startTLS: Bool, user: String?, password: String?, heloName: String,
                tls: TLSClientContext) {
        self.host = host
        self.port = port
        self.startTLS = startTLS
        self.user = user
        self.password = password
        self.heloName = heloName
        self.tls = tls
    }

    public func deliver(_ message: MailMessage, timeout: Double) -> MailDelivery {
        do {
            let connection = try SMTPConnection(host: host, port: port, timeout: timeout)
            return try SMTPSession(relay: self, connection: connection).submit(message)
        } catch {
            // No answer, a broken connection, a TLS failure: the relay never acknowledged the message.
            return .transient(error.description)
        }
    }
}
