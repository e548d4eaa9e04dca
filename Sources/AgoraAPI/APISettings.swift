/// What the API needs from the configuration. CORS is the engine's (`CORSPolicy` in `ServerConfiguration`).
public struct APISettings: Sendable {
    /// `Cache-Control: public, max-age=N` on public reads (RFC 9111 §5.2.2.1), seconds.
    public var cacheMaxAge: Int
    /// Most serialized responses kept by the `RepresentationCache` at once.
    public var cacheCapacity: Int
    /// The OpenAPI contract served at `/openapi.yaml` and `/openapi.json` (`StaticDocument`), as bytes: the
    /// executable reads the files once at start (the API knows no files); nil answers 404.
    public var openAPIYAML: [UInt8]?
    public var openAPIJSON: [UInt8]?
    /// The server's public base URL (`publicUrl`), which the exports link to: schedule apps and search engines need
    /// absolute URLs. Without a trailing slash.
    public var publicURL: String
    /// The write side's settings (tokens, rate limits, idempotency), defined in `WriteSettings.swift`.
    public var write: WriteSettings
    /// The change feed's retention and stream settings (`Changes/ChangeFeedSettings.swift`).
    public var changes: ChangeFeedSettings
    /// The webhook outbox's file, receivers' policy and retry schedule (`Webhooks/WebhookSettings.swift`).
    public var webhooks: WebhookSettings
    /// Confirmation e-mails: off unless a transport is set (`Mail/MailSettings.swift`).
    public var mail = MailSettings()
    /// The programme page's files and HTML headers (`Page/PageSettings.swift`, issue 14).
    public var page: PageSettings

    public init(cacheMaxAge: Int = 60, cacheCapacity: Int = 1024, openAPIYAML: [UInt8]? = nil,
                openAPIJSON: [UInt8]? = nil, publicURL: String = APISettings.defaultPublicURL,
                write: WriteSettings = WriteSettings(), changes: ChangeFeedSettings = ChangeFeedSettings(),
                webhooks: WebhookSettings = WebhookSettings(), page: PageSettings = PageSettings()) {
        self.webhooks = webhooks
        self.page = page
        self.publicURL = publicURL
        self.changes = changes
        self.cacheMaxAge = cacheMaxAge
        self.cacheCapacity = cacheCapacity
        self.openAPIYAML = openAPIYAML
        self.openAPIJSON = openAPIJSON
        self.write = write
    }

    /// What `publicUrl` is when nothing configures it: the default listener.
    public static let defaultPublicURL = "http://127.0.0.1:8080"
}
