import AgoraJSON
import HTTPServer

extension AgoraAPI {
    /// `/webhooks` (the admin token): subscriptions' CRUD, their state, and replay from a sequence. Each write is
    /// durable in the outbox before it is answered, on the outbox's admin queue (an fsync), not the event loop.
    static func registerWebhooks(in router: inout Router, outbox: WebhookOutbox, feed: ChangeFeed, api: AgoraAPI) {
        let tokens = api.settings.write.tokenList
        @Sendable func onAdmin(_ work: @escaping @Sendable () throws -> Response) -> Reply {
            .later { completion in
                outbox.admin.async {
                    do { completion.succeed(try work()) } catch { completion.fail(error) }
                }
            }
        }
        @Sendable func noStore(_ value: JSONValue, status: HTTPStatus = .ok) -> Response {
            var response = Response.json(value.bytes, status: status)
            response.headers.add("Cache-Control", "no-store")
            return response
        }
        router.get("/webhooks", access: .restricted) { request in
            try tokens.tokens.authorize(request, for: .admin)
            return .now(noStore(outbox.list))
        }
        router.post("/webhooks", access: .restricted) { request in
            try tokens.tokens.authorize(request, for: .admin)
            let body = try RequestBody.json(request)
            let sequence = api.store.sequence
            return onAdmin {
                let view = try outbox.create(body, after: sequence)
                var response = noStore(view, status: .created)
                if case .string(let id)? = JSONParser.parseOrNil(view.bytes)?["id"] {
                    response.headers.add("Location", "/webhooks/\(id)")
                }
                return response
            }
        }
        router.get("/webhooks/{id}", access: .restricted) { request in
            try tokens.tokens.authorize(request, for: .admin)
            return .now(noStore(try outbox.view(of: request.parameter("id") ?? "")))
        }
        router.patch("/webhooks/{id}", access: .restricted) { request in
            try tokens.tokens.authorize(request, for: .admin)
            let body = try RequestBody.json(request, mediaType: "application/merge-patch+json")
            let id = request.parameter("id") ?? ""
            return onAdmin { noStore(try outbox.update(id, body)) }
        }
        router.delete("/webhooks/{id}", access: .restricted) { request in
            try tokens.tokens.authorize(request, for: .admin)
            let id = request.parameter("id") ?? ""
            return onAdmin {
                try outbox.delete(id)
                return Response(status: .noContent)
            }
        }
        // An action, not a PATCH: the server makes the secret (an admin never sends one), and it answers it once.
        router.post("/webhooks/{id}/rotate-secret", access: .restricted) { request in
            try tokens.tokens.authorize(request, for: .admin)
            let id = request.parameter("id") ?? ""
            return onAdmin { noStore(try outbox.rotateSecret(id)) }
        }
        router.post("/webhooks/{id}/replay", access: .restricted) { request in
            try tokens.tokens.authorize(request, for: .admin)
            let body = try RequestBody.json(request)
            guard case .number(let text)? = body["since"], let since = UInt64(text) else {
                throw InvalidContent(issues: [FieldIssue(pointer: "/since", detail: "Required: the sequence to replay the changes after.")])
            }
            let id = request.parameter("id") ?? ""
            return onAdmin { noStore(try outbox.replay(id, after: since, feed: feed), status: .accepted) }
        }
    }
}

extension JSONParser {
    static func parseOrNil(_ bytes: [UInt8]) -> JSONInput? { try? parse(bytes) }
}
