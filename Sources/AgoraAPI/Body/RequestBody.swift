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
            throw .invalid([FieldIssue(pointer: "", detail: "cannot be read: \(String(describing: error))")])
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
            // Foundation's English sentence: its own key (translated only where the catalogue has it).
            return FieldIssue(pointer: pointer(context.codingPath), detail: ProblemText(key: context.debugDescription))
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

    private static func describe(_ type: Any.Type) -> ProblemText {
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
