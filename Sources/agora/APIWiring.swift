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
                           openAPIJSONPath: docs.map { $0 + "/openapi.json" })
    }

    /// `docsDir` when set; else `Docs` in the project root found like the seed (`ResourceLocator`).
    static func docsDirectory(configured: String) -> String? {
        if !configured.isEmpty { return configured }
        return ResourceLocator.root().map { $0 + "/Docs" }
    }
}
