/// The client of a request as the trusted proxies report it. `address` is nil when they name only the scheme
/// (the request's `clientAddress` is then the peer's).
public struct ForwardedClient: Sendable, Equatable {
    public var address: String?
    public var scheme: String
}
