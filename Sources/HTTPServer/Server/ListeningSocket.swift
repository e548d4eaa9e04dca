/// A bound listening socket and what its connections are given.
struct ListeningSocket: Sendable {
    var fd: Int32
    var transport: (any TransportFactory)?
    var responseHeaders: HTTPHeaders
}
