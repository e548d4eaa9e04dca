import AgoraJSON
import AgoraDomain
import HTTPServer

/// One problem with one member of a request body, for the `errors` array of a 422 problem.
struct FieldIssue: Sendable, Equatable {
    /// RFC 6901 pointer into the request body the client sent.
    var pointer: String
    /// What is wrong, localized with the problem.
    var detail: ProblemText

    init(pointer: String, detail: ProblemText) {
        self.pointer = pointer
        self.detail = detail
    }

    /// A domain check's message (`issue.message`); disfavoured so a string literal is a `ProblemText`.
    @_disfavoredOverload
    init(pointer: String, detail: DomainMessage) {
        self.init(pointer: pointer, detail: ProblemText(detail))
    }

    /// `{"pointer":…,"detail":…}`, one entry of the problem's `errors` array.
    var json: LocalizedJSON {
        .object([("pointer", .encoded(JSONText.quote(pointer))), ("detail", .text(detail))])
    }
}
