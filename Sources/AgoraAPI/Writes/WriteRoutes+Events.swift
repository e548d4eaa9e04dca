import AgoraDomain
import AgoraJSON
import HTTPServer

// Events and their programme: the `editor` role (or `admin`). Creates answer 201 with `Location` and the
// new representation; updates answer 200 with the new representation and its ETag (so a curl user sees
// what was stored and can chain an `If-Match`); deletes answer 204.
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
            return submission.reply(.createEvent(event: event)) { _, state in
                answer(representation(state).event(state.events[event.id] ?? event), path: "/events/\(event.id)",
                       status: .created)
            }
        }
        router.put("/events/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let input = try WriteInput.settingId(id, in: WriteInput.normalizedEvent(try RequestBody.json(request)))
            let event = try WriteInput.decode(Event.self, from: input)
            return try conditionally(request, resource: "event/\(id)", path: "/events/\(id)") { updateEvent(event) }
        }
        router.patch("/events/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            let patch = WriteInput.normalizedEvent(try RequestBody.json(request, mediaType: "application/merge-patch+json"))
            try WriteInput.requireKnownMembers(patch, WriteInput.eventMembers)
            return try conditionally(request, resource: "event/\(id)", path: "/events/\(id)") {
                // The patch applies to the state the precondition was checked against.
                guard let current = api.store.state.events[id] else { throw APIError.domain(.notFound(.event, id: id)) }
                let patched = MergePatch.apply(patch, to: WriteInput.encoded(current))
                return updateEvent(try WriteInput.decode(Event.self, from: WriteInput.settingId(id, in: patched)))
            }
        }
        router.delete("/events/{id}", access: .restricted) { request in
            let entry = try tokens.authorize(request, for: .editor)
            let id = request.parameter("id") ?? ""
            // Deleting an event deletes its registrations, personal data included: that is an admin's decision.
            if !entry.role.grants(.admin), !api.store.state.registrations(ofEvent: id).isEmpty {
                throw AuthProblem.insufficientRole(.admin)
            }
            return try conditionally(request, resource: "event/\(id)", path: "/events/\(id)") {
                submission.reply(.deleteEvent(eventId: id)) { _, _ in Self.noContent() }
            }
        }
    }

    private func updateEvent(_ event: Event) -> Reply {
        submission.reply(.updateEvent(event: event)) { _, state in
            answer(representation(state).event(state.events[event.id] ?? event), path: "/events/\(event.id)")
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

    func registerSlotWrites(in router: inout Router) {
        router.post("/events/{id}/programme", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let eventId = request.parameter("id") ?? ""
            var input = try RequestBody.json(request)
            guard let event = api.store.state.events[eventId] else { throw APIError.domain(.notFound(.event, id: eventId)) }
            if input["id"] == nil || input["id"] == .null {
                input.set("id", .string(WriteInput.uniqueSlug(from: Self.titleText(input), fallback: "slot") {
                    event.slot(withId: $0) != nil
                }))
            }
            let slot = try WriteInput.decode(ProgrammeSlot.self, from: input)
            return submission.reply(.createSlot(eventId: eventId, slot: slot)) { _, state in
                slotAnswer(eventId: eventId, slotId: slot.id, state: state, status: .created)
            }
        }
        router.put("/events/{id}/programme/{slotId}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let (eventId, slotId) = (request.parameter("id") ?? "", request.parameter("slotId") ?? "")
            let input = try WriteInput.settingId(slotId, in: try RequestBody.json(request))
            let slot = try WriteInput.decode(ProgrammeSlot.self, from: input)
            return try conditionally(request, resource: "event/\(eventId)", path: "/events/\(eventId)/programme") {
                updateSlot(eventId: eventId, slot)
            }
        }
        router.patch("/events/{id}/programme/{slotId}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let (eventId, slotId) = (request.parameter("id") ?? "", request.parameter("slotId") ?? "")
            let patch = try RequestBody.json(request, mediaType: "application/merge-patch+json")
            try WriteInput.requireKnownMembers(patch, WriteInput.slotMembers)
            return try conditionally(request, resource: "event/\(eventId)", path: "/events/\(eventId)/programme") {
                guard let event = api.store.state.events[eventId] else {
                    throw APIError.domain(.notFound(.event, id: eventId))
                }
                guard let current = event.slot(withId: slotId) else { throw APIError.domain(.notFound(.slot, id: slotId)) }
                let patched = MergePatch.apply(patch, to: WriteInput.encoded(current))
                return updateSlot(eventId: eventId,
                                  try WriteInput.decode(ProgrammeSlot.self, from: WriteInput.settingId(slotId, in: patched)))
            }
        }
        router.delete("/events/{id}/programme/{slotId}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let (eventId, slotId) = (request.parameter("id") ?? "", request.parameter("slotId") ?? "")
            return try conditionally(request, resource: "event/\(eventId)", path: "/events/\(eventId)/programme") {
                submission.reply(.deleteSlot(eventId: eventId, slotId: slotId)) { _, _ in Self.noContent() }
            }
        }
    }

    private func updateSlot(eventId: String, _ slot: ProgrammeSlot) -> Reply {
        submission.reply(.updateSlot(eventId: eventId, slot: slot)) { _, state in
            slotAnswer(eventId: eventId, slotId: slot.id, state: state, status: .ok)
        }
    }

    /// The slot as the programme shows it (with `parallel`); its ETag is the programme's, the resource a
    /// client reads slots from, so `If-Match` on slot writes takes the ETag of `GET /events/{id}/programme`.
    private func slotAnswer(eventId: String, slotId: String, state: AgoraState, status: HTTPStatus) -> Response {
        var body = JSONValue.null
        if let event = state.events[eventId],
           let index = state.slotsInTimeOrder(ofEvent: eventId).firstIndex(where: { $0.id == slotId }) {
            let programme = representation(state).programme(of: event)
            if index < programme.count { body = programme[index] }
        }
        var response = answer(body, path: "/events/\(eventId)/programme")
        response.status = status
        if status == .created { response.headers.set("Location", "/events/\(eventId)/programme/\(slotId)") }
        return response
    }
}
