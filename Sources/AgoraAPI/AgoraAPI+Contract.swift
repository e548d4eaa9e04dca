import FoundationEssentials
import HTTPServer

extension AgoraAPI {
    /// `GET /openapi.yaml` and `/openapi.json`: the contract as the configured files hold it, read per request so
    /// an updated file is served without a restart; strong ETag from the bytes; 404 problem when not configured
    /// or absent.
    static func registerContract(in router: inout Router, settings: APISettings) {
        let files: [(route: String, path: String?, type: String)] = [
            ("/openapi.yaml", settings.openAPIYAMLPath, "application/yaml"),
            ("/openapi.json", settings.openAPIJSONPath, "application/json"),
        ]
        let maxAge = settings.cacheMaxAge
        for file in files {
            router.get(file.route, access: .public) { request in
                guard let path = file.path, let data = FileManager.default.contents(atPath: path) else {
                    throw APIError.missing("The API description \(file.route) is not available on this server.")
                }
                let body = Array(data)
                let etag = EntityTag(body: body)
                var headers = HTTPHeaders()
                headers.add("Content-Type", file.type)
                headers.add("ETag", etag.description)
                headers.add("Cache-Control", "public, max-age=\(maxAge)")
                if let ifNoneMatch = request.headers["If-None-Match"],
                   Preconditions.ifNoneMatchMatches(ifNoneMatch, current: etag) {
                    headers.remove("Content-Type")
                    return .now(Response(status: .notModified, headers: headers))
                }
                return .now(Response(status: .ok, headers: headers, body: body))
            }
        }
    }
}
