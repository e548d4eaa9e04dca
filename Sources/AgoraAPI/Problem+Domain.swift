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
            self.init(status: .notFound, title: "Not found", detail: "No \(kind.rawValue) with id \"\(id)\".")
        case .conflict(let conflict):
            self.init(status: .conflict, title: "Conflict", detail: DomainError.conflict(conflict).description,
                      type: "about:blank", extensions: [("conflict", JSONText.quote(conflict.code))])
        case .validation(let issues):
            let errors = JSONValue.array(issues.map { issue in
                .object([("pointer", .string(JSONPointer.from(domainPath: issue.path))),
                         ("detail", .string(issue.message))])
            })
            self.init(status: .unprocessableContent, title: "Invalid content",
                      detail: issues.count == 1 ? "1 field is invalid." : "\(issues.count) fields are invalid.",
                      extensions: [("errors", errors.text)])
        }
    }
}
