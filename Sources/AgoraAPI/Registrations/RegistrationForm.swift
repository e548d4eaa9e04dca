import AgoraDomain
import Cryptography

/// The body of `POST /events/{id}/registrations`: who registers, for which slot (a working group), in which
/// language, and their explicit consent to the processing of these data (GDPR Art. 6(1)(a), 7) — `consent`
/// must be literally `true`; anything else is 422 at `/consent`.
struct RegistrationForm: Decodable, Sendable {
    var name: String
    var email: String
    var organisation: String?
    var slotId: String?
    var language: String?
    var consent: Bool?

    /// Digest of what was asked, to recognise a retry with the same Idempotency-Key (and refuse the key
    /// with another request). Over the decoded fields, so whitespace or member order do not matter.
    func digest(eventId: String) -> String {
        let fields = [eventId, name, email, organisation ?? "\u{0}", slotId ?? "\u{0}", language ?? "\u{0}",
                      consent == true ? "consent" : "-"]
        return SHA256.hex(fields.joined(separator: "\u{1F}"))
    }

    /// Every problem: the domain's checks of the request plus consent (the id is ours, not the client's).
    func issues(of request: RegistrationRequest) -> [ValidationIssue] {
        var issues = request.validate().filter { $0.path != "id" }
        if consent != true {
            issues.append(ValidationIssue(path: "consent",
                                          message: "must be true: registering needs consent to processing these data"))
        }
        return issues
    }
}

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
