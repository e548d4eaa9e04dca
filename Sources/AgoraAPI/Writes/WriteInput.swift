import AgoraDomain
import AgoraJSON
import FoundationEssentials

/// The JSON a write takes for each entity: the stored shape (`Event`, `ProgrammeSlot`, `Partner` as the
/// domain codes them), which is also what a GET returns minus its derived members — so `GET`, edit,
/// `PUT` works. The read representation's `registrationPolicy` object is accepted for `registration`, and
/// read-only members (`phase`, `partners`, `parallel`, …) are ignored. A merge patch applies to the
/// current entity in this same shape.
enum WriteInput {
    /// Members a GET returns that a write cannot set; dropped before decoding.
    static let readOnlyEventMembers = ["phase", "partners", "registrationPolicy"]

    /// Renames the read representation's `registrationPolicy` to the stored `registration` member.
    static func normalizedEvent(_ input: JSONInput) -> JSONInput {
        var input = input
        if let policy = input["registrationPolicy"] {
            input.set("registration", policy)
            input.set("registrationPolicy", nil)
        } else if case .string? = input["registration"] {
            // The summary's `"registration": "required"` says only the kind; keep the rules it came with.
            input.set("registration", nil)
        }
        for member in readOnlyEventMembers { input.set(member, nil) }
        return input
    }

    /// Members of the stored shapes, for refusing a merge patch that names anything else: a typo (`"titel"`)
    /// would otherwise be a silent no-op while the admin believes the change was made.
    static let eventMembers: Set<String> = [
        "id", "series", "edition", "title", "theme", "description", "programmeNote", "startsAt", "endsAt", "timeZone",
        "defaultLanguage", "languages", "interpretation", "accessibility", "venue", "organisers", "contacts",
        "participatingServices", "openToPublic", "status", "registration", "tracks", "rooms", "programme", "partnerIds",
    ]
    static let slotMembers: Set<String> = [
        "id", "startsAt", "endsAt", "kind", "title", "description", "spokenLanguage", "speakers", "track", "room",
    ]
    static let partnerMembers: Set<String> = ["id", "name", "kind", "subUnits", "website", "description"]

    /// 422 with a pointer for each top-level member of `patch` that the entity does not have.
    static func requireKnownMembers(_ patch: JSONInput, _ known: Set<String>) throws(BodyProblem) {
        guard case .object(let members) = patch else { return }
        let unknown = members.map(\.key).filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw .invalid(unknown.map { FieldIssue(pointer: "/" + JSONPointer.escape($0), detail: "is not a member of this resource") })
        }
    }

    /// The id a body asks for, checked against the URL's: ids are stable, so a body naming another id is
    /// refused rather than silently renaming (422 at `/id`).
    static func settingId(_ id: String, in input: JSONInput) throws(BodyProblem) -> JSONInput {
        var input = input
        guard case .object = input else { throw .invalid([FieldIssue(pointer: "", detail: "must be an object")]) }
        if let given = input["id"], given != .string(id) {
            throw .invalid([FieldIssue(pointer: "/id", detail: "must be \"\(id)\", the id in the URL (ids do not change)")])
        }
        input.set("id", .string(id))
        return input
    }

    /// The stored shape of a value, as a patch target.
    static func encoded(_ value: some Encodable) -> JSONInput {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(value), let input = try? JSONParser.parse(Array(data)) else {
            return .object([])
        }
        return input
    }

    /// Decodes and reports domain validation as 422 with every problem (pointers from the domain's paths).
    static func decode<T: Decodable>(_ type: T.Type, from input: JSONInput) throws(BodyProblem) -> T {
        guard case .object = input else { throw .invalid([FieldIssue(pointer: "", detail: "must be an object")]) }
        return try RequestBody.decode(type, from: input)
    }

    /// An id for a new entity from its name: the slug, made unique with `-2`, `-3`, … against `taken`.
    static func uniqueSlug(from name: String, fallback: String, taken: (String) -> Bool) -> String {
        let base = String(Slug.make(from: name).prefix(90)).trimmingHyphens
        let stem = base.isEmpty ? fallback : base
        if !taken(stem) { return stem }
        var suffix = 2
        while taken("\(stem)-\(suffix)") { suffix += 1 }
        return "\(stem)-\(suffix)"
    }
}

extension String {
    fileprivate var trimmingHyphens: String {
        var text = Substring(self)
        while text.last == "-" { text = text.dropLast() }
        return String(text)
    }
}
