/// Why the server could not start.
public enum ServerError: Error, CustomStringConvertible, Sendable {
    case bind(host: String, port: Int, SocketError)
    case eventLoop(SocketError)
    case alreadyStarted

    public var description: String {
        switch self {
        case .bind(let host, let port, let error): "cannot listen on \(host):\(port): \(error)"
        case .eventLoop(let error): "cannot create an event loop: \(error)"
        case .alreadyStarted: "the server is already running"
        }
    }
}
