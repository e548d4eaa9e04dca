import AgoraDomain
import AgoraJSON
import Cryptography

/// The body of `POST /events/{id}/registrations`: who registers, for which slot (a working group), in which
/// language, and their explicit consent to the processing of these data (GDPR Art. 6(1)(a), 7) — `consent`
/// must be literally `true`; anything else is 422 at `/consent`.
struct RegistrationForm: Sendable {
    var name = ""
    var email = ""
    var organisation: String?
    var slotId: String?
    var language: String?
    var consent: Bool?

    /// Reads the body member by member so that every wrong or missing member is reported at once (a
    /// `Decodable` stops at the first); unknown members are ignored like everywhere else.
    static func read(_ input: JSONInput) -> (form: RegistrationForm, issues: [FieldIssue]) {
        guard case .object = input else { return (RegistrationForm(), [FieldIssue(pointer: "", detail: "must be an object")]) }
        var form = RegistrationForm()
        var issues: [FieldIssue] = []
        func text(_ key: String, required: Bool) -> String? {
            switch input[key] {
            case .string(let value)?: return value
            case nil, .null?:
                if required { issues.append(FieldIssue(pointer: "/\(key)", detail: "is required")) }
                return nil
            case let other?:
                issues.append(FieldIssue(pointer: "/\(key)", detail: "must be a string, not \(other.typeName)"))
                return nil
            }
        }
        form.name = text("name", required: true) ?? ""
        form.email = text("email", required: true) ?? ""
        form.organisation = text("organisation", required: false)
        form.slotId = text("slotId", required: false)
        form.language = text("language", required: false)
        if case .bool(let value)? = input["consent"] { form.consent = value }
        return (form, issues)
    }

    /// Digest of what was asked, to recognise a retry with the same Idempotency-Key (and refuse the key
    /// with another request). Over the decoded fields, so whitespace or member order do not matter.
    func digest(eventId: String) -> String {
        let fields = [eventId, name, email, organisation ?? "\u{0}", slotId ?? "\u{0}", language ?? "\u{0}",
                      consent == true ? "consent" : "-"]
        return SHA256.hex(fields.joined(separator: "\u{1F}"))
    }

    /// Every problem: those found reading the body, the domain's checks of the request (the id is ours, not
    /// the client's) and consent — one per member, the first found — then the domain's verdict on the slot.
    func issues(of request: RegistrationRequest, reading: [FieldIssue], slot: ValidationIssue?) -> [FieldIssue] {
        var issues = reading
        for issue in request.validate() where issue.path != "id" {
            issues.append(FieldIssue(pointer: JSONPointer.from(domainPath: issue.path), detail: issue.message))
        }
        if consent != true {
            issues.append(FieldIssue(pointer: "/consent",
                                     detail: "must be true: registering needs consent to processing these data"))
        }
        var seen = Set<String>()
        issues = issues.filter { seen.insert($0.pointer).inserted }
        if let slot { issues.append(FieldIssue(pointer: JSONPointer.from(domainPath: slot.path), detail: slot.message)) }
        return issues
    }
}
