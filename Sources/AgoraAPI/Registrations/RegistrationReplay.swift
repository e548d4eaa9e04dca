import Synchronization

/// The answers to registrations made with an `Idempotency-Key`, kept in memory so a retry gets the very
/// same answer — including the cancellation token, which is nowhere else in clear. Entries live at least
/// `retention` seconds (24 h by default). The durable part of idempotency is in the domain
/// (`RegistrationClaim`: the key, the request digest and an id derived from the key), so after a
/// restart a retry still cannot register twice; it then gets the registration without the token.
final class RegistrationReplay: Sendable {
    struct Answer: Sendable {
        var requestSHA256: String
        var body: [UInt8]
        var location: String
        var storedAt: Double
    }

    let retention: Double
    /// Most answers kept. Past it the oldest go first; a retry of a forgotten one still registers nothing (the
    /// store knows the key) but gets its answer without the token, as after a restart.
    let capacity: Int
    private let now: @Sendable () -> Double
    private let answers = Mutex<[String: Answer]>([:])

    init(retention: Double, capacity: Int = 200_000, now: @escaping @Sendable () -> Double) {
        self.retention = retention
        self.capacity = max(1, capacity)
        self.now = now
    }

    func answer(for registrationId: String) -> Answer? {
        let time = now()
        return answers.withLock { answers in
            guard let answer = answers[registrationId], time - answer.storedAt < retention else { return nil }
            return answer
        }
    }

    func remember(_ registrationId: String, requestSHA256: String, body: [UInt8], location: String) {
        let time = now()
        answers.withLock { answers in
            // Expired answers go when new ones come, so memory follows the last `retention` seconds' traffic.
            if answers.count % 1024 == 1023 { answers = answers.filter { time - $0.value.storedAt < retention } }
            if answers.count >= capacity {
                let keep = answers.sorted { $0.value.storedAt > $1.value.storedAt }.prefix(capacity * 3 / 4)
                answers = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
            answers[registrationId] = Answer(requestSHA256: requestSHA256, body: body, location: location, storedAt: time)
        }
    }

    var count: Int { answers.withLock { $0.count } }

    func forget(_ registrationId: String) {
        _ = answers.withLock { $0.removeValue(forKey: registrationId) }
    }
}
