import AgoraAPI
import AgoraDomain
import AgoraStore
import FoundationEssentials
import HTTPServer

/// Puts the REST API on the router: the one call `ServeCommand` makes once the store is open.
enum APIWiring {
    static func register(in router: inout Router, store: DurableStore<AgoraState>, configuration: Configuration) {
        let api = AgoraAPI(store: store, now: { Instant(Date()) }, ids: .random, settings: settings(configuration))
        api.register(in: &router)
    }

    static func settings(_ configuration: Configuration) -> APISettings {
        let docs = docsDirectory(configured: configuration.string("docsDir"))
        return APISettings(cacheMaxAge: configuration.int("cacheMaxAge"),
                           openAPIYAMLPath: docs.map { $0 + "/openapi.yaml" },
                           openAPIJSONPath: docs.map { $0 + "/openapi.json" },
                           write: writeSettings(configuration))
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

    /// `docsDir` when set; else `Docs` in the project root found like the seed (`ResourceLocator`).
    static func docsDirectory(configured: String) -> String? {
        if !configured.isEmpty { return configured }
        return ResourceLocator.root().map { $0 + "/Docs" }
    }
}
