// The REST API: maps HTTP requests to domain queries and commands and back (issue 4). This type holds what every
// route needs — the store, the clock, ids, settings and the representation cache — and registers the routes.
public import AgoraDomain
public import AgoraStore
import Cryptography
public import HTTPServer

/// Where new ids and secrets come from (registration ids, cancellation tokens); injected so tests are
/// deterministic. The default draws 128 bits from the system's secure generator, as lowercase hex.
public struct IdentifierSource: Sendable {
    public let next: @Sendable () -> String

    public init(_ next: @escaping @Sendable () -> String) {
        self.next = next
    }

    public static let random = IdentifierSource {
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: SecureRandom.bytes(16).flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0xF)]] },
                      as: UTF8.self)
    }
}

/// The API over one store. Immutable after `init`; safe to share across event loops.
public final class AgoraAPI: Sendable {
    public let store: DurableStore<AgoraState>
    /// The current instant (injected: tests freeze it; "upcoming" and registration deadlines follow it).
    public let now: @Sendable () -> Instant
    public let ids: IdentifierSource
    public let settings: APISettings
    let cache: RepresentationCache
    /// The public read routes alone, for `currentETag(ofPath:)`.
    private let readRoutes: Router

    public init(store: DurableStore<AgoraState>, now: @escaping @Sendable () -> Instant,
                ids: IdentifierSource = .random, settings: APISettings = APISettings()) {
        self.store = store
        self.now = now
        self.ids = ids
        self.settings = settings
        self.cache = RepresentationCache(capacity: settings.cacheCapacity)
        var readRoutes = Router()
        Self.registerReads(in: &readRoutes, cache: cache, store: store, now: now, settings: settings)
        self.readRoutes = readRoutes
    }

    /// Adds every route of this module to `router`: the public reads, then the admin and registration routes
    /// (`registerWrites(in:)`, in the write side's files).
    public func register(in router: inout Router) {
        Self.registerReads(in: &router, cache: cache, store: store, now: now, settings: settings)
        registerWrites(in: &router)
    }

    /// The strong ETag a `GET path` (no query, no language preference) would carry now, or nil when the path
    /// names no readable resource. For `If-Match` on writes (RFC 9110 §13.1.1): compare with
    /// `Preconditions.ifMatchSatisfied(_:current:)` and answer 412 when it fails.
    public func currentETag(ofPath path: String) -> EntityTag? {
        let segments = path.split(separator: "/").map(String.init)
        guard case .found(let handler, let parameters, _, _) = readRoutes.match(.get, segments) else { return nil }
        let head = RequestHead(method: .get, target: RequestTarget(path: path, segments: segments),
                               version: .http1_1, headers: HTTPHeaders(), framing: .none, keepAlive: true,
                               expectsContinue: false)
        let request = Request(head: head, pathParameters: parameters)
        guard case .now(let response)? = try? handler(request), response.status == .ok,
              let tag = response.headers["ETag"] else { return nil }
        return EntityTag(opaque: String(tag.dropFirst().dropLast()))
    }
}
