import AgoraJSON
public import AgoraDomain
public import AgoraStore
public import HTTPServer

/// A query parameter the API cannot use: 400 with a detail naming the parameter, the value and what was expected.
public enum QueryError: Error, Hashable, Sendable, ProblemConvertible {
    case invalid(parameter: String, value: String, expected: String)
    /// Two parameters that contradict each other (`from` after `to`).
    case inconsistent(parameters: [String], detail: String)

    public var problem: Problem {
        switch self {
        case .invalid(let parameter, let value, let expected):
            return Problem(status: .badRequest, title: "Invalid query parameter",
                           detail: "Query parameter \(parameter)=\(value) is not valid: expected \(expected).",
                           extensions: [("parameter", JSONText.quote(parameter))])
        case .inconsistent(let parameters, let detail):
            return Problem(status: .badRequest, title: "Inconsistent query parameters", detail: detail,
                           extensions: [("parameters", JSONValue.array(parameters.map { .string($0) }).text)])
        }
    }
}

/// Everything a handler of this module throws besides `QueryError`: the one place where domain and store failures
/// become problem details (RFC 9457). Write-side handlers throw these too (or call `completion.fail(...)`).
public enum APIError: Error, Sendable, ProblemConvertible {
    case domain(DomainError)
    /// The store could not make the write durable (disk full, I/O error, closed): 503, retry later.
    case unavailable(String)
    /// No resource at this path with this id (for things the domain does not know, like a missing spec file).
    case missing(String)

    public init(_ error: SubmitError<DomainError>) {
        switch error {
        case .rejected(let domainError): self = .domain(domainError)
        case .unavailable(let reason): self = .unavailable(reason)
        }
    }

    public var problem: Problem {
        switch self {
        case .domain(let error): return Problem(domain: error)
        case .unavailable:
            // The reason (a file path, an errno) is for the log, not for clients.
            var headers = HTTPHeaders()
            headers.add("Retry-After", "30")
            return Problem(status: .serviceUnavailable, title: "Storage unavailable",
                           detail: "The change could not be stored durably and was not applied; try again later.",
                           headers: headers)
        case .missing(let detail):
            return Problem(status: .notFound, detail: detail)
        }
    }
}

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

extension Conflict {
    /// A machine-readable name for the conflict, so a client can act on it without parsing the detail.
    public var code: String {
        switch self {
        case .duplicateId: "duplicateId"
        case .registrationNotRequired: "registrationNotRequired"
        case .registrationNotOpenYet: "registrationNotOpenYet"
        case .registrationClosed: "registrationClosed"
        case .eventFull: "eventFull"
        case .eventCancelled: "eventCancelled"
        case .alreadyRegistered: "alreadyRegistered"
        case .alreadyCancelled: "alreadyCancelled"
        case .slotHasRegistrations: "slotHasRegistrations"
        case .capacityBelowConfirmed: "capacityBelowConfirmed"
        }
    }
}

/// RFC 6901 JSON Pointers from the domain's field paths.
public enum JSONPointer {
    /// `programme[3].endsAt` → `/programme/3/endsAt`; `events[a.b].title` → `/events/a.b/title`; "" → "" (the
    /// whole document). `~` and `/` inside a name are escaped as `~0` and `~1` (RFC 6901 §3).
    public static func from(domainPath path: String) -> String {
        var tokens: [String] = []
        var current = ""
        var inBrackets = false
        for character in path {
            switch character {
            case "." where !inBrackets, "[" where !inBrackets:
                if !current.isEmpty { tokens.append(current) }
                current = ""
                inBrackets = character == "["
            case "]" where inBrackets:
                tokens.append(current)
                current = ""
                inBrackets = false
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens.map { "/" + escape($0) }.joined()
    }

    /// RFC 6901 §3: `~` first, then `/`.
    public static func escape(_ token: String) -> String {
        token.replacing("~", with: "~0").replacing("/", with: "~1")
    }
}
