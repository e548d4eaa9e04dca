import AgoraDomain
import AgoraJSON
import HTTPServer

// Events and their programme: the `editor` role (or `admin`). Creates answer 201 with `Location` and the
// new representation; updates answer 200 with the new representation and its ETag (so a curl user sees
// what was stored and can chain an `If-Match`); deletes answer 204. Every write goes through `submission`.
extension WriteRoutes {
    func registerEventWrites(in router: inout Router) {
        router.post("/events", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            var input = WriteInput.normalizedEvent(try RequestBody.json(request))
            if input["id"] == nil || input["id"] == .null {
                let state = api.store.state
                input.set("id", .string(WriteInput.uniqueSlug(from: Self.titleText(input), fallback: "event") {
                    state.events[$0] != nil
                }))
            }
            let event = try WriteInput.decode(Event.self, from: input)
            return try submission.reply(StoreWrite(.createEvent(event: event)) { _, state in
                eventAnswer(event, state: state, status: .created)
            })
        }
        router.put("/events/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let input = try WriteInput.settingId(id, in: WriteInput.normalizedEvent(try RequestBody.json(request)))
            let event = try WriteInput.decode(Event.self, from: input)
            return try submission.reply(eventUpdate(event), if: .ifMatch(of: request, on: .event(id: id)))
        }
        router.patch("/events/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let patch = WriteInput.normalizedEvent(try RequestBody.json(request, mediaType: "application/merge-patch+json"))
            try WriteInput.requireKnownMembers(patch, WriteInput.eventMembers)
            return try submission.reply(if: .ifMatch(of: request, on: .event(id: id))) { state in
                guard let current = state.events[id] else { throw APIError.domain(.notFound(.event, id: id)) }
                let patched = MergePatch.apply(patch, to: WriteInput.encoded(current))
                // Issues under members the patch does not name point at the whole patch (`IssuePointers`).
                return eventUpdate(try WriteInput.decode(Event.self, from: WriteInput.settingId(id, in: patched)))
                    .pointing(IssuePointers(patch: patch))
            }
        }
        router.delete("/events/{id}", access: .restricted) { request in
            let entry = try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            // Deleting an event deletes its registrations, personal data included: that is an admin's decision.
            if !entry.role.grants(.admin), !api.store.state.registrations(ofEvent: id).isEmpty {
                throw AuthProblem.insufficientRole(.admin)
            }
            return try submission.reply(StoreWrite(.deleteEvent(eventId: id)) { _, _ in Self.noContent() },
                                        if: .ifMatch(of: request, on: .event(id: id)))
        }
    }

    private func eventUpdate(_ event: Event) -> StoreWrite {
        StoreWrite(.updateEvent(event: event)) { _, state in eventAnswer(event, state: state, status: .ok) }
    }

    /// The event as a GET now shows it, with its ETag; the submitted value if it is gone again.
    private func eventAnswer(_ event: Event, state: AgoraState, status: HTTPStatus) -> Response {
        answer(.event(id: event.id), status: status) {
            var representation = representation(state)
            return representation.event(event)
        }
    }

    /// The title to derive a slug from: the first non-empty text, by language tag order.
    static func titleText(_ input: JSONInput) -> String {
        guard case .object(let members)? = input["title"] else { return "" }
        for (_, value) in members.sorted(by: { $0.key < $1.key }) {
            if case .string(let text) = value, !text.isEmpty { return text }
        }
        return ""
    }
}
