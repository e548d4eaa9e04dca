public import OutboundMail

/// What the mail outbox needs from the configuration (`mail*` settings, Docs/mail.md). No transport: mail is off,
/// nothing is queued or sent (the default).
public struct MailSettings: Sendable {
    /// The SMTP relay or sendmail program; nil: off.
    public var transport: (any MailTransport)?
    /// The outbox's file; nil: in memory only (`agora routes`, in-process tests).
    public var outboxPath: String?
    public var from: MailAddress
    /// Templates that replace the compiled-in ones (`mailTemplatesDir`), by file name (`confirmed.de.txt`).
    public var templates: [String: String]
    /// The same retry rules as webhooks (back-off with jitter, given up after 3 days) and a per-attempt timeout.
    public var schedule: WebhookSchedule
    public var timeoutSeconds: Double
    /// With a PostgreSQL store: what is owed lives there and only the lease's holder sends (Docs/scaling.md,
    /// "One deliverer"); `outboxPath` is then unused.
    public var shared: SharedDelivery?

    public init(transport: (any MailTransport)? = nil, outboxPath: String? = nil,
                from: MailAddress = MailAddress(address: "agora@localhost"), templates: [String: String] = [:],
                schedule: WebhookSchedule = WebhookSchedule(), timeoutSeconds: Double = 60) {
        self.transport = transport
        self.outboxPath = outboxPath
        self.from = from
        self.templates = templates
        self.schedule = schedule
        self.timeoutSeconds = timeoutSeconds
    }
}
