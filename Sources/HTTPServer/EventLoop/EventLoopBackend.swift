/// Which readiness mechanism drives the connections.
public enum EventLoopBackend: String, Sendable, CaseIterable {
    /// One thread per loop blocking in `epoll_wait` on its own epoll fd (Linux). The fast path.
    case epoll
    /// A serial DispatchQueue per loop with a DispatchSource per descriptor: portable (runs where epoll does not).
    case dispatch

    public static var platformDefault: EventLoopBackend {
        #if os(Linux)
        return .epoll
        #else
        return .dispatch
        #endif
    }
}
