import AgoraJSON
import HTTPServer
import FoundationEssentials

/// Reading a JSON request body: the media type (415), the syntax (400 with line and column) and the
/// schema of the target type (422 with a JSON Pointer to the member, RFC 6901).
enum RequestBody {
    /// The media types a write accepts: `application/json` for POST/PUT, `application/merge-patch+json`
    /// for PATCH (RFC 7396 §4). Parameters such as `charset=utf-8` are allowed.
    static func requireMediaType(_ request: Request, _ accepted: String) throws(BodyProblem) {
        let value = request.headers["Content-Type"] ?? ""
        let type = String(value.prefix { $0 != ";" }.filter { $0 != " " && $0 != "\t" }).lowercased()
        guard type == accepted else { throw .unsupportedMediaType(given: value, accepted: accepted) }
    }

    /// Checks the media type and parses the body as JSON.
    static func json(_ request: Request, mediaType: String = "application/json") throws(BodyProblem) -> JSONInput {
        try requireMediaType(request, mediaType)
        if request.body.isEmpty { throw .malformed(line: 1, column: 1, message: "the body is empty, expected JSON") }
        do {
            return try JSONParser.parse(request.body)
        } catch {
            throw .malformed(line: error.line, column: error.column, message: error.message)
        }
    }

    /// Decodes `value` into `T`; a type mismatch or missing member is 422 naming the member.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONInput) throws(BodyProblem) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(value.bytes))
        } catch let error as DecodingError {
            throw .invalid([Self.issue(for: error)])
        } catch {
            throw .invalid([FieldIssue(pointer: "", detail: "cannot be read: \(error)")])
        }
    }

    static func issue(for error: DecodingError) -> FieldIssue {
        switch error {
        case .typeMismatch(let type, let context):
            return FieldIssue(pointer: pointer(context.codingPath), detail: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            return FieldIssue(pointer: pointer(context.codingPath), detail: "must be \(describe(type)), not null")
        case .keyNotFound(let key, let context):
            return FieldIssue(pointer: pointer(context.codingPath + [key]), detail: "is required")
        case .dataCorrupted(let context):
            return FieldIssue(pointer: pointer(context.codingPath), detail: context.debugDescription)
        @unknown default:
            return FieldIssue(pointer: "", detail: "cannot be read")
        }
    }

    /// RFC 6901: "/" + tokens, with "~" as "~0" and "/" as "~1".
    static func pointer(_ path: [any CodingKey]) -> String {
        path.map { key in
            let token = key.intValue.map(String.init) ?? key.stringValue
            return "/" + JSONPointer.escape(token)
        }.joined()
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: type == [String: String].self ? "an object of language → text" : "an object"
        }
    }
}

/// One problem with one member of a request body, for the `errors` array of a 422 problem.
struct FieldIssue: Sendable, Equatable {
    var pointer: String
    var detail: String

    /// `{"pointer":…,"detail":…}`, one entry of the problem's `errors` array.
    var json: JSONValue { .object([("pointer", .string(pointer)), ("detail", .string(detail))]) }
}

/// What is wrong with a request body, as a problem detail (RFC 9457).
enum BodyProblem: Error, Sendable, ProblemConvertible {
    case unsupportedMediaType(given: String, accepted: String)
    case malformed(line: Int, column: Int, message: String)
    case invalid([FieldIssue])

    var problem: Problem {
        switch self {
        case .unsupportedMediaType(let given, let accepted):
            var headers = HTTPHeaders()
            // RFC 9110 §15.5.16 suggests telling the client what is accepted (Accept-Patch for PATCH, RFC 5789 §3.1).
            headers.add(accepted == "application/merge-patch+json" ? "Accept-Patch" : "Accept", accepted)
            let what = given.isEmpty ? "No Content-Type was given" : "Content-Type \(given) is not accepted"
            return Problem(status: .unsupportedMediaType, detail: "\(what); send \(accepted).", headers: headers)
        case .malformed(let line, let column, let message):
            return Problem(status: .badRequest, title: "Malformed JSON",
                           detail: "The body is not valid JSON at line \(line), column \(column): \(message).",
                           extensions: [("line", String(line)), ("column", String(column))])
        case .invalid(let issues):
            let details = issues.map { "\($0.pointer.isEmpty ? "/" : $0.pointer): \($0.detail)" }
            return Problem(status: .unprocessableContent, title: "Invalid content",
                           detail: details.joined(separator: "; "),
                           extensions: [("errors", JSONValue.array(issues.map(\.json)).text)])
        }
    }
}
