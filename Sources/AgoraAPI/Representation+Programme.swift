public import AgoraDomain

extension Representation {
    /// The event's slots in time order, each marked `parallel` when it overlaps a slot of ANOTHER track (the
    /// QuattroPole working groups); the main programme has no `track`.
    public mutating func programme(of event: Event) -> [JSONValue] {
        let slots = state.slotsInTimeOrder(ofEvent: event.id)
        var items: [JSONValue] = []
        items.reserveCapacity(slots.count)
        for slot in slots {
            let parallel = slots.contains { other in
                other.id != slot.id && other.track != slot.track && other.overlaps(slot)
            }
            items.append(self.slot(slot, of: event, parallel: parallel, withEvent: false))
        }
        return items
    }

    /// One slot. `withEvent`: adds `eventId` (and the event's `timeZone`) for lists across events.
    public mutating func slot(_ slot: ProgrammeSlot, of event: Event, parallel: Bool, withEvent: Bool) -> JSONValue {
        var object = JSONObject()
        object.set("id", .string(slot.id))
        if withEvent {
            object.set("eventId", .string(event.id))
            object.set("eventTitle", text(event.title, event) ?? .null)
        }
        object.setIfPresent("startsAt", Self.instant(slot.startsAt, event))
        object.setIfPresent("endsAt", Self.instant(slot.endsAt, event))
        if withEvent { object.set("timeZone", .string(event.timeZone)) }
        object.set("kind", .string(slot.kind.rawValue))
        object.setIfPresent("title", text(slot.title, event))
        object.setIfPresent("description", text(slot.description, event))
        object.setIfPresent("spokenLanguage", slot.spokenLanguage)
        var speakers: [JSONValue] = []
        for speaker in slot.speakers { speakers.append(self.speaker(speaker, event)) }
        object.set("speakers", .array(speakers))
        object.setIfPresent("track", slot.track)
        object.setIfPresent("room", slot.room)
        object.set("parallel", .bool(parallel))
        return object.value
    }

    mutating func speaker(_ speaker: Speaker, _ event: Event) -> JSONValue {
        var object = JSONObject()
        object.set("name", .string(speaker.name))
        object.setIfPresent("role", text(speaker.role, event))
        object.setIfPresent("organisation", speaker.organisation)
        object.setIfPresent("partnerId", speaker.partnerId)
        return object.value
    }

    /// The tracks of the event's programme: the main programme (`track` null) first, then parallel tracks in
    /// order of their first slot, with their slot ids — the grouping view of the same slots.
    public func tracks(of event: Event) -> JSONValue {
        .array(state.programmeByTrack(ofEvent: event.id).map { track in
            .object([("track", JSONValue.string(track.track)),
                     ("slotIds", Self.strings(track.slots.map(\.id)))])
        })
    }
}
