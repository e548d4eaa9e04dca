import Cryptography

/// How a registration id is made: random, or — with an `Idempotency-Key` — derived from the event and the
/// key, so that a retry (even after a restart, even concurrent with the first attempt) names the same
/// registration and the store refuses to create it twice.
enum RegistrationIdentifier {
    static func derived(eventId: String, idempotencyKey: String) -> String {
        String(SHA256.hex("\(eventId)\u{1F}\(idempotencyKey)").prefix(32))
    }

    /// The `Idempotency-Key` header (draft-ietf-httpapi-idempotency-key-header: an sf-string; a bare token
    /// is accepted too). Nil when absent.
    static func idempotencyKey(_ value: String?) throws(WriteProblem) -> String? {
        guard var key = value else { return nil }
        if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .malformedIdempotencyKey
        }
        return key
    }
}
