/// When a failed delivery is tried again: exponential back-off with jitter (the first retry after `firstRetry`
/// seconds, doubling up to `maxInterval`), for at most `giveUpAfter` seconds since the message's first attempt —
/// then the subscription is disabled (its queue kept: re-enabling resumes it). A `Retry-After` (RFC 9110 §10.2.3)
/// on a 429 or 503 replaces the computed delay.
public struct WebhookSchedule: Sendable {
    public var firstRetry: Double
    public var maxInterval: Double
    public var giveUpAfter: Double

    public init(firstRetry: Double = 5, maxInterval: Double = 6 * 3600, giveUpAfter: Double = 3 * 86400) {
        self.firstRetry = firstRetry
        self.maxInterval = maxInterval
        self.giveUpAfter = giveUpAfter
    }

    /// Seconds before attempt `attempt + 1` after `attempt` failures (1, 2, …); `unit` in 0..<1 is the jitter's
    /// draw: ±20 %, so receivers that failed together do not all retry at the same instant.
    public func delay(afterFailures attempt: Int, unit: Double) -> Double {
        let exponent = Double(min(max(attempt - 1, 0), 40))
        let base = min(firstRetry * pow2(exponent), maxInterval)
        return base * (0.8 + 0.4 * unit)
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }

    /// The delay a `Retry-After` asks for, honoured even beyond `maxInterval` (the receiver knows when it will be
    /// back) but never past `giveUpAfter`: delay-seconds only (an HTTP-date is rare from receivers and is treated
    /// as absent: the computed back-off applies).
    public func retryAfter(_ value: String?) -> Double? {
        guard let value, let seconds = Int(value.trimmingCharacters(in: " \t")), seconds >= 0 else { return nil }
        return min(Double(seconds), giveUpAfter)
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let drop = Set(set)
        return String(self.drop { drop.contains($0) }.reversed().drop { drop.contains($0) }.reversed())
    }
}
