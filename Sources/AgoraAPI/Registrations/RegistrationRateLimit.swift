import HTTPServer
import Synchronization

/// A token bucket per client address for `POST /events/{id}/registrations`: each address may make
/// `burst` registrations at once, then one every `60 / perMinute` seconds. It keeps a public form from
/// being used to fill an event or flood the waiting list. Addresses are kept in memory only (they are
/// personal data of a sort and needed for minutes, not days) and at most `maxClients` of them: when
/// full, buckets that have refilled completely are dropped first — forgetting those changes nothing.
///
/// What takes a token is what a flood costs us: an attempt that reaches the store — a well-formed, valid,
/// consented request that is not a retry of an answered key. It occupies the one writer, and when accepted an
/// fsync and a place (or a waiting-list entry); refused there (409 `alreadyRegistered`, `eventFull`, …) it still
/// tells whether an address is registered, which a script must not be able to ask at will. A request refused
/// before (400, 415, 422) costs what parsing any request costs and is free: a person correcting a form is never
/// locked out by their own mistakes.
public final class RegistrationRateLimit: Sendable {
    public struct Settings: Sendable, Equatable {
        /// Sustained registrations per minute per address; 0 turns the limit off.
        public var perMinute: Double
        public var burst: Double
        public var maxClients: Int

        public init(perMinute: Double = 10, burst: Double = 5, maxClients: Int = 100_000) {
            self.perMinute = perMinute
            self.burst = max(1, burst)
            self.maxClients = max(1, maxClients)
        }
    }

    public enum Decision: Equatable, Sendable {
        case allowed
        /// Refused; a token is available again after this many whole seconds (RFC 9110 §10.2.3).
        case limited(retryAfterSeconds: Int)
    }

    struct Bucket: Sendable {
        var tokens: Double
        var updated: Double
    }

    public let settings: Settings
    /// Seconds on a monotonic clock; injected so tests need no sleeping.
    private let now: @Sendable () -> Double
    private let buckets = Mutex<[String: Bucket]>([:])

    public init(settings: Settings, now: @escaping @Sendable () -> Double) {
        self.settings = settings
        self.now = now
    }

    /// Takes one token for `client` (an address without its port) or says how long to wait.
    public func take(client: String) -> Decision {
        guard settings.perMinute > 0 else { return .allowed }
        let time = now()
        let rate = settings.perMinute / 60
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: settings.burst, updated: time)
            bucket.tokens = min(settings.burst, bucket.tokens + max(0, time - bucket.updated) * rate)
            bucket.updated = time
            defer {
                if buckets[client] == nil, buckets.count >= settings.maxClients { evict(&buckets, at: time, rate: rate) }
                buckets[client] = bucket
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return .allowed
            }
            let wait = (1 - bucket.tokens) / rate
            return .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
        }
    }

    private func evict(_ buckets: inout [String: Bucket], at time: Double, rate: Double) {
        buckets = buckets.filter { $0.value.tokens + (time - $0.value.updated) * rate < settings.burst }
        // Everyone is still limited: drop the oldest half rather than grow without bound.
        if buckets.count >= settings.maxClients {
            let keep = buckets.sorted { $0.value.updated > $1.value.updated }.prefix(settings.maxClients / 2)
            buckets = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
        }
    }

    /// How many addresses are remembered now.
    var clientCount: Int { buckets.withLock { $0.count } }

    /// The address part of a peer ("127.0.0.1:5000" → "127.0.0.1", "[::1]:5000" → "::1").
    static func address(ofPeer peer: String) -> String { Request.address(ofPeer: peer) }
}
