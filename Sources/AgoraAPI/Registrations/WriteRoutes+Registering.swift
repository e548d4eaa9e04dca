import AgoraDomain
import AgoraStore
import Cryptography
import HTTPServer

// The public side of registrations: registering (rate-limited, idempotent) and cancelling with the
// cancellation token shown once in the 201 answer.
extension WriteRoutes {
    func registerRegistrationWrites(in router: inout Router) {
        router.post("/events/{id}/registrations", access: .public) { request in
            let eventId = request.parameter("id") ?? ""
            let key = try RegistrationIdentifier.idempotencyKey(request.headers["Idempotency-Key"])
            let (form, readingIssues) = RegistrationForm.read(try RequestBody.json(request))
            let digest = form.digest(eventId: eventId)
            let id = key.map { RegistrationIdentifier.derived(eventId: eventId, idempotencyKey: $0) } ?? api.ids.next()
            // A retry is answered before the rate limit: it registers nothing.
            if key != nil, let replayed = try replayed(id, digest: digest) { return .now(replayed) }
            let (token, tokenDigest) = AccessToken.generate()
            // Without a `language` member, the browser's first choice (RFC 9110 §12.5.4) is the best guess of
            // the language to write to the person in.
            var language = form.language
            if language == nil, let header = request.headers["Accept-Language"],
               case .ranked(let tags) = LanguagePreference.acceptLanguage(header) {
                language = tags.first
            }
            let registration = RegistrationRequest(
                id: id, eventId: eventId, slotId: form.slotId, name: form.name, email: form.email,
                organisation: form.organisation, language: language, requestedAt: api.now(),
                claim: RegistrationClaim(cancellationTokenSHA256: tokenDigest, retryKey: key, requestSHA256: digest))
            // What reading the body found, the domain's verdicts on the fields and the slot, and consent.
            let issues = form.issues(of: registration, reading: readingIssues,
                                     slot: api.store.state.slotIssue(ofRegistration: registration))
            if !issues.isEmpty { throw BodyProblem.invalid(issues) }
            // The rate limit charges only what reaches the store (see `RegistrationRateLimit`): a person correcting
            // a form (400, 415, 422 above) is never locked out by their own mistakes.
            // The client behind a trusted proxy, not the proxy (`Request.clientAddress`, `trustedProxies`).
            let client = request.clientAddress
            if case .limited(let seconds) = rateLimit.take(client: client) {
                api.statistics.countRateLimitRefusal()
                throw WriteProblem.rateLimited(retryAfterSeconds: seconds)
            }
            // The confirmation e-mail carries the token; the store keeps only its digest, so it is lent to the mail
            // outbox, whose commit observer puts it into the message (the handler sends nothing itself).
            api.mail?.lend(token, for: id)
            return try submission.reply(registering(registration, token: token, key: key, digest: digest))
        }
        // Public CORS: a registration page cancels with the token it was given; the bearer token (never a cookie)
        // is what authorises, so any origin may send it (Fetch standard, "CORS protocol and credentials").
        router.delete("/registrations/{id}", access: .public) { request in
            let id = request.parameter("id") ?? ""
            try authorizeCancellation(request, id: id)
            return try submission.reply(StoreWrite(.cancelRegistration(registrationId: id, at: api.now())) { _, _ in
                Self.noContent()
            })
        }
    }

    /// The write of a registration: 201 with the cancellation token (remembered for a retry with the key), and the
    /// refusals a registration answers itself — the same key arriving twice at once (the first is stored now:
    /// answer as its retry) and an address already registered (said without the other registration's id).
    private func registering(_ registration: RegistrationRequest, token: String, key: String?,
                             digest: String) -> StoreWrite {
        let (id, eventId) = (registration.id, registration.eventId)
        return StoreWrite(.register(request: registration)) { outcome, _ in
            guard case .registered(let id, let status) = outcome else {
                throw APIError.unavailable("unexpected outcome \(outcome)")
            }
            if key != nil { replay.remember(id, cancellationToken: token) }
            return Self.created(Self.receipt(id: id, eventId: eventId, status: status, token: token), id: id)
        }.answeringRefusals { error, _ in
            switch error {
            case .rejected(.conflict(.duplicateId)) where key != nil:
                do {
                    guard let replayed = try replayed(id, digest: digest) else {
                        return .fail(APIError.domain(.conflict(.duplicateId(.registration, id: id))))
                    }
                    return .answer(replayed)
                } catch {
                    return .fail(error)
                }
            case .rejected(.conflict(.alreadyRegistered)):
                return .fail(WriteProblem.alreadyRegistered)
            default:
                return .fail(APIError(error))
            }
        }
    }

    /// The answer to a retry with the same key and request: 201 with the original `Location` and
    /// `Idempotent-Replayed: true`, reporting the registration as it is *now* (a retry after a cancellation says
    /// `cancelled`, after a promotion `confirmed`: a replay never contradicts `GET /registrations/{id}`), with the
    /// cancellation token while this process still remembers it (`RegistrationReplay`; never stored in clear, so a
    /// replay after a restart has none). 422 for the key with another request; 409 `registrationErased` once the
    /// person's data were erased (the request digest went with them, so the request can no longer be recognised,
    /// and registering it again would undo the erasure). Nil when the key is new.
    private func replayed(_ id: String, digest: String) throws(WriteProblem) -> Response? {
        guard let registration = api.store.state.registrations[id] else { return nil }
        if registration.isErased { throw .registrationErased }
        guard registration.claim?.requestSHA256 == digest else { throw .idempotencyKeyReused }
        let body = Self.receipt(id: id, eventId: registration.eventId, status: registration.status,
                                token: replay.cancellationToken(for: id))
        var response = Self.created(body, id: id)
        response.headers.add("Idempotent-Replayed", "true")
        return response
    }

    /// `RegistrationReceipt` in the contract: `cancellationToken` only when we have it in clear.
    static func receipt(id: String, eventId: String, status: RegistrationStatus, token: String?) -> [UInt8] {
        var members: [(String, JSONValue)] = [("id", .string(id)), ("eventId", .string(eventId)),
                                              ("status", .string(status.rawValue))]
        if let token { members.append(("cancellationToken", .string(token))) }
        // What the person signed up for, for their calendar: with the token (a calendar app sends no header) when
        // this answer has it; without, it takes the token as a bearer.
        let calendar = "/registrations/\(id)/calendar.ics" + (token.map { "?token=" + $0 } ?? "")
        members.append(("links", .object([("calendar", .string(calendar))])))
        return JSONValue.object(members).bytes
    }

    static func created(_ body: [UInt8], id: String) -> Response {
        var response = Response.noStore(body, status: .created)
        response.headers.add("Location", "/registrations/\(id)")
        return response
    }

    /// The registration's own cancellation token (compared as SHA-256 digests in constant time), or an
    /// admin token. A registration unknown to the store is 404 once a token was presented. `query`: a token may
    /// come as `?token=` too (a calendar app subscribes to a URL and sends no header; the access log records
    /// paths without their query).
    func authorizeCancellation(_ request: Request, id: String, query: String? = nil) throws {
        let presented = query.map { $0.isEmpty ? BearerToken.Presented.malformed : .token($0) } ?? BearerToken.presented(in: request)
        switch presented {
        case .none: throw AuthProblem.missing
        case .malformed: throw AuthProblem.invalid
        case .token(let token):
            guard let registration = api.store.state.registrations[id] else {
                throw APIError.domain(.notFound(.registration, id: id))
            }
            if let claim = registration.claim, AccessToken.matches(token, sha256Hex: claim.cancellationTokenSHA256) {
                return
            }
            guard let entry = tokens.entry(for: token) else { throw WriteProblem.wrongCancellationToken }
            guard entry.role.grants(.admin) else { throw AuthProblem.insufficientRole(.admin) }
        }
    }
}
