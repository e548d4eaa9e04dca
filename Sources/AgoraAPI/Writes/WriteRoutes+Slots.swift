import AgoraDomain
import AgoraJSON
import HTTPServer

// Programme slots: the `editor` role (or `admin`). A slot lives inside its event, so its writes are conditional on
// the programme a client reads slots from (`GET /events/{id}/programme`) and pending on the event.
extension WriteRoutes {
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
            // The new slot is appended: its issues come at programme[count] of the event.
            let pointers = IssuePointers(root: "programme[\(event.programme.count)]")
            return try submission.reply(StoreWrite(.createSlot(eventId: eventId, slot: slot)) { _, state in
                slotAnswer(eventId: eventId, slotId: slot.id, state: state, status: .created)
            }.pointing(pointers))
        }
        router.put("/events/{id}/programme/{slotId}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let (eventId, slotId) = (request.parameter("id") ?? "", request.parameter("slotId") ?? "")
            let input = try WriteInput.settingId(slotId, in: try RequestBody.json(request))
            let slot = try WriteInput.decode(ProgrammeSlot.self, from: input)
            return try submission.reply(if: .ifMatch(of: request, on: .programme(eventId: eventId))) { state in
                slotUpdate(eventId: eventId, slot).pointing(Self.slotPointers(state, eventId: eventId, slotId: slotId))
            }
        }
        router.patch("/events/{id}/programme/{slotId}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let (eventId, slotId) = (request.parameter("id") ?? "", request.parameter("slotId") ?? "")
            let patch = try RequestBody.json(request, mediaType: "application/merge-patch+json")
            try WriteInput.requireKnownMembers(patch, WriteInput.slotMembers)
            return try submission.reply(if: .ifMatch(of: request, on: .programme(eventId: eventId))) { state in
                guard let event = state.events[eventId] else { throw APIError.domain(.notFound(.event, id: eventId)) }
                guard let current = event.slot(withId: slotId) else { throw APIError.domain(.notFound(.slot, id: slotId)) }
                let patched = MergePatch.apply(patch, to: WriteInput.encoded(current))
                return slotUpdate(eventId: eventId,
                                  try WriteInput.decode(ProgrammeSlot.self, from: WriteInput.settingId(slotId, in: patched)))
                    .pointing(Self.slotPointers(state, eventId: eventId, slotId: slotId, patch: patch))
            }
        }
        router.delete("/events/{id}/programme/{slotId}", access: .restricted) { request in
            try tokens.authorize(request, for: .editor)
            let (eventId, slotId) = (request.parameter("id") ?? "", request.parameter("slotId") ?? "")
            return try submission.reply(StoreWrite(.deleteSlot(eventId: eventId, slotId: slotId)) { _, _ in Self.noContent() },
                                        if: .ifMatch(of: request, on: .programme(eventId: eventId)))
        }
    }

    /// Issues of a slot write point into the slot the client sent, not into the event the domain validates.
    private static func slotPointers(_ state: AgoraState, eventId: String, slotId: String,
                                     patch: JSONInput? = nil) -> IssuePointers {
        let index = state.events[eventId]?.programme.firstIndex { $0.id == slotId } ?? 0
        return IssuePointers(root: "programme[\(index)]", patch: patch)
    }

    private func slotUpdate(eventId: String, _ slot: ProgrammeSlot) -> StoreWrite {
        StoreWrite(.updateSlot(eventId: eventId, slot: slot)) { _, state in
            slotAnswer(eventId: eventId, slotId: slot.id, state: state, status: .ok)
        }
    }

    /// The slot as the programme shows it (with `parallel`); its ETag is the programme's, the resource a
    /// client reads slots from, so `If-Match` on slot writes takes the ETag of `GET /events/{id}/programme`.
    private func slotAnswer(eventId: String, slotId: String, state: AgoraState, status: HTTPStatus) -> Response {
        var body = JSONValue.null
        if let event = state.events[eventId],
           let index = state.slotsInTimeOrder(ofEvent: eventId).firstIndex(where: { $0.id == slotId }) {
            var representation = representation(state)
            let programme = representation.programme(of: event)
            if index < programme.count { body = programme[index] }
        }
        var response = Response.noStore(body.bytes, status: status)
        if let tag = api.currentETag(of: .programme(eventId: eventId)) { response.headers.set("ETag", tag.description) }
        if status == .created { response.headers.set("Location", "/events/\(eventId)/programme/\(slotId)") }
        return response
    }
}
