/// What the webhook outbox needs from the configuration (`webhook*` settings, Docs/configuration.md).
public struct WebhookSettings: Sendable {
    /// The outbox's file (subscriptions, their queues and cursors); nil: an outbox in memory only, lost on exit
    /// (`agora routes`, which opens no data directory, and in-process tests).
    public var outboxPath: String?
    /// Hosts that may be reached over plain `http` and may resolve to private or loopback addresses.
    public var allowedHosts: Set<String>
    /// The retry schedule and the per-attempt timeout.
    public var schedule: WebhookSchedule
    public var timeoutSeconds: Double
    /// Records appended between two compactions of the outbox file (rewritten from the state): it stays within a
    /// few MiB however long the server runs.
    public var compactAfterRecords: Int
    /// A PEM bundle of CAs trusted for https receivers instead of the system store (`webhookCaFile`); nil: the system's.
    public var caFile: String?
    /// Seconds a rotated-out secret still signs deliveries (`webhookSecretGrace`, 24 h by default).
    public var secretGraceSeconds: Int64
    /// With a PostgreSQL store: the subscriptions and what they are owed live there, shared by every instance,
    /// and only the lease's holder delivers (Docs/scaling.md, "One deliverer"); `outboxPath` is then unused.
    public var shared: SharedDelivery?

    public init(outboxPath: String? = nil, allowedHosts: Set<String> = [], schedule: WebhookSchedule = WebhookSchedule(),
                timeoutSeconds: Double = 30, compactAfterRecords: Int = 20_000, caFile: String? = nil,
                secretGraceSeconds: Int64 = 86_400) {
        self.secretGraceSeconds = secretGraceSeconds
        self.caFile = caFile
        self.compactAfterRecords = compactAfterRecords
        self.outboxPath = outboxPath
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
        self.schedule = schedule
        self.timeoutSeconds = timeoutSeconds
    }
}
