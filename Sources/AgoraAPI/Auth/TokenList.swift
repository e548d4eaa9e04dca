import Synchronization

/// The tokens the write routes check, replaceable while the server runs: SIGHUP re-reads them, so rotating a token
/// needs no restart (issue 13). Requests already authorized keep their answer; the next one sees the new list.
public final class TokenList: Sendable {
    private let current: Mutex<AccessTokens>

    public init(_ tokens: AccessTokens = AccessTokens()) {
        current = Mutex(tokens)
    }

    public var tokens: AccessTokens { current.withLock { $0 } }

    public func replace(with tokens: AccessTokens) {
        current.withLock { $0 = tokens }
    }
}
