import HTTPServer

extension AgoraAPI {
    /// The admin and registration routes (`WriteRoutes`), sharing one rate limit and one replay cache.
    func registerWrites(in router: inout Router) {
        WriteRoutes(api: self, settings: settings.write).register(in: &router)
    }
}
