import AgoraAPI
import AgoraDomain
import AgoraPostgres
import AgoraStore
import FoundationEssentials
import HTTPServer
import Logging

/// Puts the REST API on the router: the one call `ServeCommand` makes once the store is open.
enum APIWiring {
    /// `tokenList`: the tokens the routes check, which SIGHUP replaces (`TokenReload`); nil: a fixed list.
    @discardableResult
    static func register(in router: inout Router, store: DurableStore<AgoraState>, configuration: Configuration,
                         logger: Logger, tokenList: TokenList? = nil, durableWebhooks: Bool = true) -> AgoraAPI {
        var settings = settings(configuration)
        var lease: PostgresDeliveryLease?
        if durableWebhooks {
            settings.webhooks.outboxPath = configuration.string("dataDir") + "/webhooks.jsonl"
            settings.mail = MailWiring.settings(configuration, outboxPath: configuration.string("dataDir") + "/mail.jsonl")
            if let url = (try? StoreWiring.postgresURL(configuration)) ?? nil {
                // Several instances on one database: one outbox in its tables, one deliverer (Docs/scaling.md).
                let (shared, postgresLease) = SharedOutboxWiring.delivery(url: url, logger: logger)
                settings.webhooks.outboxPath = nil
                settings.webhooks.shared = shared
                settings.mail.outboxPath = nil
                settings.mail.shared = shared
                lease = postgresLease
            }
        }
        if let tokenList {
            tokenList.replace(with: settings.write.tokens)
            settings.write.tokenList = tokenList
        }
        if settings.openAPIYAML == nil || settings.openAPIJSON == nil {
            logger.warning("the OpenAPI documents are not served (a file missing in docsDir)",
                           metadata: ["docsDir": "\(configuration.string("docsDir"))"])
        }
        let api = AgoraAPI(store: store, now: { Instant(Date()) }, ids: .random, settings: settings, logger: logger)
        if let failure = api.webhookFailure {
            logger.error("cannot open the webhook outbox", metadata: ["error": "\(failure)"])
            fail("cannot open the webhook outbox: \(failure)", status: 1)
        }
        if let failure = api.mailFailure {
            logger.error("cannot open the mail outbox", metadata: ["error": "\(failure)"])
            fail("cannot open the mail outbox: \(failure)", status: 1)
        }
        api.register(in: &router)
        // Started once the outboxes observe it, so they hear its first `taken`.
        lease?.start()
        return api
    }

    static func settings(_ configuration: Configuration) -> APISettings {
        // `docsDir` when set; else the copies compiled into the binary (EmbeddedResources), never stale.
        let docs = configuration.string("docsDir")
        return APISettings(cacheMaxAge: configuration.int("cacheMaxAge"),
                           openAPIYAML: docs.isEmpty ? EmbeddedResources.openAPIYAML : contents(of: docs + "/openapi.yaml"),
                           openAPIJSON: docs.isEmpty ? EmbeddedResources.openAPIJSON : contents(of: docs + "/openapi.json"),
                           publicURL: publicURL(configuration), write: writeSettings(configuration),
                           changes: ChangeFeedSettings(retained: configuration.int("changesRetained"),
                                                       heartbeat: configuration.seconds("changesHeartbeat")),
                           webhooks: webhookSettings(configuration), page: pageSettings(configuration))
    }

    /// The programme page (issue 14): `pageDir`'s files when set (read once, at start), else the copies compiled in;
    /// `pageFrameAncestors` checked here, since each value goes into a `Content-Security-Policy` header as it is.
    static func pageSettings(_ configuration: Configuration) -> PageSettings {
        let ancestors = configuration.list("pageFrameAncestors")
        // A space, `;` or `,` would end the source list and start another directive.
        let unsafe = { (character: Character) in
            character.isWhitespace || ";,\"".contains(character) || character.unicodeScalars.contains { $0.value < 0x21 || $0.value == 0x7F }
        }
        for value in ancestors where value.isEmpty || value.contains(where: unsafe) {
            fail("invalid value for pageFrameAncestors: \(value) (a CSP source such as https://www.example.lu or 'self')")
        }
        let directory = configuration.string("pageDir")
        var files = EmbeddedResources.pageFiles
        if !directory.isEmpty {
            files = [:]
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where !name.hasPrefix(".") {
                files[name] = contents(of: directory + "/" + name)
            }
        }
        return PageSettings(files: files, security: PageSecurity(frameAncestors: ancestors))
    }

    /// The `webhook*` settings; the outbox's file is set by `register` (not for `agora routes`).
    static func webhookSettings(_ configuration: Configuration) -> WebhookSettings {
        let number = { (key: String) in Double(configuration.string(key)) ?? 0 }
        return WebhookSettings(allowedHosts: Set(configuration.list("webhookAllowedHosts")),
                               schedule: WebhookSchedule(firstRetry: number("webhookFirstRetry"),
                                                         maxInterval: number("webhookMaxRetryInterval"),
                                                         giveUpAfter: number("webhookGiveUpAfter")),
                               timeoutSeconds: number("webhookTimeout"),
                               caFile: configuration.string("webhookCaFile").isEmpty ? nil : configuration.string("webhookCaFile"),
                               secretGraceSeconds: Int64(number("webhookSecretGrace")))
    }

    /// `publicUrl` (checked to be an absolute `http(s)` URL with the other settings: the c3voc formats require one),
    /// else the plain listener's address (a wildcard host as `localhost`).
    static func publicURL(_ configuration: Configuration) -> String {
        let configured = configuration.string("publicUrl")
        guard configured.isEmpty else { return configured }
        let host = configuration.string("host")
        let name = ["0.0.0.0", "::", ""].contains(host) ? "localhost" : host.contains(":") ? "[\(host)]" : host
        return "http://\(name):\(configuration.int("port"))"
    }

    /// Tokens from `tokens` plus `AGORA_ADMIN_TOKEN` (environment only, hashed here and not kept); a malformed
    /// entry stops the server with status 2, naming its position but never its text.
    static func writeSettings(_ configuration: Configuration) -> WriteSettings {
        let tokens: AccessTokens
        do throws(AccessTokens.ConfigurationError) { tokens = try self.tokens(configuration) } catch {
            fail("invalid value for tokens: \(error.description)")
        }
        return WriteSettings(
            tokens: tokens,
            rateLimit: .init(perMinute: Double(configuration.int("registrationRatePerMinute")),
                             burst: Double(configuration.int("registrationRateBurst"))),
            idempotencyRetentionSeconds: Double(configuration.int("idempotencyRetentionHours")) * 3600)
    }

    /// The `tokens` setting plus `AGORA_ADMIN_TOKEN`, at start and on every SIGHUP.
    static func tokens(_ configuration: Configuration) throws(AccessTokens.ConfigurationError) -> AccessTokens {
        try AccessTokens(configured: configuration.list("tokens"),
                         adminToken: ProcessInfo.processInfo.environment["AGORA_ADMIN_TOKEN"])
    }

    /// The bytes of a document served as it is (read once, at start: the API knows no files); nil when unreadable.
    static func contents(of path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }
}
