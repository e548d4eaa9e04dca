import AgoraAPI
import AgoraDomain
import AgoraStore
import FoundationEssentials
import HTTPServer
import Logging

/// Puts the REST API on the router: the one call `ServeCommand` makes once the store is open.
enum APIWiring {
    static func register(in router: inout Router, store: DurableStore<AgoraState>, configuration: Configuration,
                         logger: Logger) {
        let settings = settings(configuration)
        if settings.openAPIYAML == nil || settings.openAPIJSON == nil {
            logger.warning("the OpenAPI documents are not served (no docsDir, or a file missing)",
                           metadata: ["docsDir": "\(configuration.string("docsDir"))"])
        }
        let api = AgoraAPI(store: store, now: { Instant(Date()) }, ids: .random, settings: settings, logger: logger)
        api.register(in: &router)
    }

    static func settings(_ configuration: Configuration) -> APISettings {
        let docs = docsDirectory(configured: configuration.string("docsDir"))
        return APISettings(cacheMaxAge: configuration.int("cacheMaxAge"),
                           openAPIYAML: docs.flatMap { contents(of: $0 + "/openapi.yaml") },
                           openAPIJSON: docs.flatMap { contents(of: $0 + "/openapi.json") },
                           publicURL: publicURL(configuration), write: writeSettings(configuration))
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
        do {
            tokens = try AccessTokens(configured: configuration.list("tokens"),
                                      adminToken: ProcessInfo.processInfo.environment["AGORA_ADMIN_TOKEN"])
        } catch {
            fail("invalid value for tokens: \(error.description)")
        }
        return WriteSettings(
            tokens: tokens,
            rateLimit: .init(perMinute: Double(configuration.int("registrationRatePerMinute")),
                             burst: Double(configuration.int("registrationRateBurst"))),
            idempotencyRetentionSeconds: Double(configuration.int("idempotencyRetentionHours")) * 3600)
    }

    /// The bytes of a document served as it is (read once, at start: the API knows no files); nil when unreadable.
    static func contents(of path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    /// `docsDir` when set; else `Docs` in the project root found like the seed (`ResourceLocator`).
    static func docsDirectory(configured: String) -> String? {
        if !configured.isEmpty { return configured }
        return ResourceLocator.root().map { $0 + "/Docs" }
    }
}
