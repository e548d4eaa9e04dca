import AgoraJSON
import HTTPServer

/// Refusals of the write side that are about the HTTP exchange rather than the domain.
enum WriteProblem: Error, Sendable, Equatable, ProblemConvertible {
    /// `If-Match` does not match the current representation of `path` (RFC 9110 §13.1.1), and why, as precisely
    /// as the server can tell (`PreconditionMismatch`).
    case preconditionFailed(path: String, PreconditionMismatch)
    /// Too many registrations from one address; `Retry-After` says when the next is accepted (RFC 6585 §4).
    case rateLimited(retryAfterSeconds: Int)
    /// The `Idempotency-Key` header is not 1 to 255 visible ASCII characters.
    case malformedIdempotencyKey
    /// The key was used before with a different request (draft-ietf-httpapi-idempotency-key-header §2.7).
    case idempotencyKeyReused
    /// A retry with the `Idempotency-Key` of a registration whose personal data were erased: the request can no
    /// longer be recognised (its digest went with the person) and registering it again would undo the erasure.
    case registrationErased
    /// The e-mail already holds an active registration here. Said without the other registration's id: this
    /// is a public endpoint and anyone can type someone else's address.
    case alreadyRegistered
    /// `DELETE /registrations/{id}` with a bearer token that is neither the registration's cancellation token
    /// nor an admin token.
    case wrongCancellationToken

    var problem: Problem {
        switch self {
        case .preconditionFailed(let path, let mismatch):
            return Problem(status: .preconditionFailed, title: "Precondition failed",
                           detail: mismatch.detail(path: path))
        case .rateLimited(let seconds):
            var headers = HTTPHeaders()
            headers.add("Retry-After", String(seconds))
            return Problem(status: .tooManyRequests,
                           detail: "Too many registrations from your address; try again in \(seconds) s.",
                           headers: headers)
        case .malformedIdempotencyKey:
            return Problem(status: .badRequest, title: "Invalid Idempotency-Key",
                           detail: "Idempotency-Key must be 1 to 255 visible ASCII characters (a UUID is a good choice).")
        case .idempotencyKeyReused:
            return Problem(status: .unprocessableContent, title: "Idempotency-Key reused",
                           detail: "This Idempotency-Key was already used with a different request; use a new key "
                               + "for a new registration.")
        case .alreadyRegistered:
            return Problem(status: .conflict, title: "Conflict",
                           detail: "This e-mail address is already registered for this event (or this slot). "
                               + "To change the registration, cancel it with its cancellation token and register again.",
                           extensions: [("conflict", JSONText.quote("alreadyRegistered"))])
        case .registrationErased:
            return Problem(status: .conflict, title: "Conflict",
                           detail: "The registration made with this Idempotency-Key was erased at the person's request. "
                               + "To register again, send the request with a new key.",
                           extensions: [("conflict", JSONText.quote("registrationErased"))])
        case .wrongCancellationToken:
            var headers = HTTPHeaders()
            headers.add("WWW-Authenticate", "Bearer realm=\"\(AuthProblem.realm)\", error=\"invalid_token\"")
            return Problem(status: .unauthorized,
                           detail: "The bearer token is not this registration's cancellation token.", headers: headers)
        }
    }
}
