/// What the API needs from the configuration. CORS is the engine's (`CORSPolicy` in `ServerConfiguration`).
public struct APISettings: Sendable {
    /// `Cache-Control: public, max-age=N` on public reads (RFC 9111 §5.2.2.1), seconds.
    public var cacheMaxAge: Int
    /// Most serialized responses kept by the `RepresentationCache` at once.
    public var cacheCapacity: Int
    /// The OpenAPI contract served at `/openapi.yaml` and `/openapi.json`, read once when the API is built
    /// (`StaticDocument`); nil or a missing file answers 404.
    public var openAPIYAMLPath: String?
    public var openAPIJSONPath: String?
    /// The write side's settings (tokens, rate limits, idempotency), defined in `WriteSettings.swift`.
    public var write: WriteSettings

    public init(cacheMaxAge: Int = 60, cacheCapacity: Int = 1024, openAPIYAMLPath: String? = nil,
                openAPIJSONPath: String? = nil, write: WriteSettings = WriteSettings()) {
        self.cacheMaxAge = cacheMaxAge
        self.cacheCapacity = cacheCapacity
        self.openAPIYAMLPath = openAPIYAMLPath
        self.openAPIJSONPath = openAPIJSONPath
        self.write = write
    }
}
