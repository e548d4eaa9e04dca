/// One problem with one member of a request body, for the `errors` array of a 422 problem.
struct FieldIssue: Sendable, Equatable {
    var pointer: String
    var detail: String

    /// `{"pointer":…,"detail":…}`, one entry of the problem's `errors` array.
    var json: JSONValue { .object([("pointer", .string(pointer)), ("detail", .string(detail))]) }
}
