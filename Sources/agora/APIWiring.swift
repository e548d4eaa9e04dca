import AgoraAPI
import AgoraDomain
import AgoraStore
import FoundationEssentials
import HTTPServer

/// Puts the REST API on the router: the one call `ServeCommand` makes once the store is open.
/// TODO(wiring): call `APIWiring.register(in: &router, store: store, configuration: configuration)` in
/// `ServeCommand.run()` right after the lead's store opening lands on main.
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

    /// `docsDir` when set; else `Docs` in the working directory, else in the package the binary was built in
    /// (`.build/<config>/agora` → `../../Docs`), the same places the seed documents are looked for.
    static func docsDirectory(configured: String) -> String? {
        if !configured.isEmpty { return configured }
        let files = FileManager.default
        let executable = CommandLine.arguments.first.map { path -> String in
            path.hasPrefix("/") ? path : files.currentDirectoryPath + "/" + path
        }
        var candidates = [files.currentDirectoryPath + "/Docs"]
        if let executable, let slash = executable.lastIndex(of: "/") {
            let binaryDirectory = String(executable[..<slash])
            candidates += [binaryDirectory + "/../../Docs", binaryDirectory + "/../../../Docs"]
        }
        var isDirectory = false
        return candidates.first { files.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory }
    }
}
