public import AgoraDomain
public import AgoraStore
public import HTTPServer

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
        // `StoreSubmission` answers this one 412 itself (it knows the resource); only a submission made without a
        // route's precondition could end here, and none is: said as the retryable outcome it is.
        case .preconditionFailed: self = .unavailable("the write's precondition no longer held")
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
            return Problem(status: .notFound, detail: ProblemText(key: detail))
        }
    }
}
