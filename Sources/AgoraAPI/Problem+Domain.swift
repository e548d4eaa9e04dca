import AgoraJSON
public import AgoraDomain
public import HTTPServer

extension Problem {
    /// RFC 9457 for a domain refusal: 404 unknown id, 409 conflict with the state, 422 invalid content with an
    /// `errors` array holding every problem as `{ "pointer": "/programme/3/endsAt", "detail": … }` (RFC 6901
    /// pointers into the request body).
    public init(domain error: DomainError) {
        switch error {
        case .notFound(let kind, let id):
            self.init(status: .notFound, title: "Not found", detail: Self.notFound(kind, id: id))
        case .conflict(let conflict):
            self.init(status: .conflict, title: "Conflict", detail: Self.text(of: conflict),
                      type: "about:blank", extensions: [("conflict", JSONText.quote(conflict.code))])
        case .validation(let issues):
            self.init(invalid: issues.map { FieldIssue(pointer: JSONPointer.from(domainPath: $0.path), detail: $0.message) })
        }
    }

    /// 422 for field issues whose pointers are already into the request the client sent.
    init(invalid issues: [FieldIssue]) {
        self.init(status: .unprocessableContent, title: "Invalid content",
                  detail: issues.count == 1 ? "1 field is invalid." : "\(issues.count) fields are invalid.",
                  localizedExtensions: [("errors", .array(issues.map(\.json)))])
    }

    /// "No event with id "x"." — one key per kind, so a translation can say the kind in its own words (and gender).
    static func notFound(_ kind: EntityKind, id: String) -> ProblemText {
        switch kind {
        case .event: "No event with id \"\(id)\"."
        case .slot: "No slot with id \"\(id)\"."
        case .partner: "No partner with id \"\(id)\"."
        case .registration: "No registration with id \"\(id)\"."
        }
    }

    /// The conflict's sentence; a duplicate id has one key per kind, like `notFound`.
    static func text(of conflict: Conflict) -> ProblemText {
        guard case .duplicateId(let kind, let id) = conflict else { return ProblemText(conflict.message) }
        switch kind {
        case .event: return "An event with id \"\(id)\" already exists."
        case .slot: return "A slot with id \"\(id)\" already exists."
        case .partner: return "A partner with id \"\(id)\" already exists."
        case .registration: return "A registration with id \"\(id)\" already exists."
        }
    }
}
