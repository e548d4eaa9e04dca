import HTTPServer

extension AgoraAPI {
    /// The admin and registration routes. Owned by the write side, which replaces this placeholder.
    func registerWrites(in router: inout Router) {}
}
