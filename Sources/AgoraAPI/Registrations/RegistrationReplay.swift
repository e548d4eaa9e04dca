import Synchronization

/// The cancellation tokens of registrations made with an `Idempotency-Key`, kept in memory so that a retry's
/// answer carries the token again: it is nowhere else in clear (the store keeps only its SHA-256). Entries live at
/// least `retention` seconds (24 h by default). Everything else a replay says comes from the registration as it is
/// now (its current status: a retry never contradicts `GET /registrations/{id}`), and the durable part of
/// idempotency is in the domain (`RegistrationClaim`: the request digest, and an id derived from the key), so after
/// a restart a retry still cannot register twice; it then gets the registration without the token.
final class RegistrationReplay: Sendable {
    struct Entry: Sendable {
        var cancellationToken: String
        var storedAt: Double
    }

    let retention: Double
    /// Most tokens kept. Past it the oldest go first; a retry of a forgotten one still registers nothing (the
    /// store knows the key) but gets its answer without the token, as after a restart.
    let capacity: Int
    private let now: @Sendable () -> Double
    private let entries = Mutex<[String: Entry]>([:])

    init(retention: Double, capacity: Int = 200_000, now: @escaping @Sendable () -> Double) {
        self.retention = retention
        self.capacity = max(1, capacity)
        self.now = now
    }

    /// The token handed out for `registrationId`, while it is remembered.
    func cancellationToken(for registrationId: String) -> String? {
        let time = now()
        return entries.withLock { entries in
            guard let entry = entries[registrationId], time - entry.storedAt < retention else { return nil }
            return entry.cancellationToken
        }
    }

    func remember(_ registrationId: String, cancellationToken: String) {
        let time = now()
        entries.withLock { entries in
            // Expired entries go when new ones come, so memory follows the last `retention` seconds' traffic.
            if entries.count % 1024 == 1023 { entries = entries.filter { time - $0.value.storedAt < retention } }
            if entries.count >= capacity {
                let keep = entries.sorted { $0.value.storedAt > $1.value.storedAt }.prefix(capacity * 3 / 4)
                entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
            entries[registrationId] = Entry(cancellationToken: cancellationToken, storedAt: time)
        }
    }

    var count: Int { entries.withLock { $0.count } }

    func forget(_ registrationId: String) {
        _ = entries.withLock { $0.removeValue(forKey: registrationId) }
    }
}
