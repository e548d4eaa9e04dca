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

    /// `GET /events/{id}/programme` as a tree: the reference `programmeBody` (what the resource serves) is held to.
    public mutating func programmePage(of event: Event) -> JSONValue {
        let items = programme(of: event)
        return .object([("eventId", .string(event.id)), ("timeZone", .string(event.timeZone)),
                        ("items", .array(items)), ("tracks", tracks(of: event)), ("rooms", rooms(of: event))])
    }

    /// One slot. `withEvent`: adds `eventId` (and the event's `timeZone`) for lists across events.
    public mutating func slot(_ slot: ProgrammeSlot, of event: Event, parallel: Bool, withEvent: Bool) -> JSONValue {
        var object = JSONObject(capacity: 16)
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
        object.setIfPresent("trackName", text(slot.track.flatMap { event.track(withId: $0)?.name }, event))
        object.setIfPresent("room", slot.room)
        // The room it meets in: its own, else its track's (`Event.room(of:)`).
        object.setIfPresent("roomName", text(event.room(of: slot)?.name, event))
        object.set("parallel", .bool(parallel))
        return object.value
    }

    mutating func speaker(_ speaker: Speaker, _ event: Event) -> JSONValue {
        var object = JSONObject(capacity: 4)
        object.set("name", .string(speaker.name))
        object.setIfPresent("role", text(speaker.role, event))
        object.setIfPresent("organisation", speaker.organisation)
        object.setIfPresent("partnerId", speaker.partnerId)
        return object.value
    }

    /// The tracks of the event's programme: the main programme (`track` null) first, then the event's tracks in the
    /// organiser's order, each with its name and room and its slot ids — the grouping view of the same slots.
    public mutating func tracks(of event: Event) -> JSONValue {
        var items: [JSONValue] = []
        for group in state.programmeByTrack(ofEvent: event.id) {
            var object = JSONObject()
            object.set("track", .string(group.track))
            if let track = group.track.flatMap({ event.track(withId: $0) }) {
                object.setIfPresent("name", text(track.name, event))
                object.setIfPresent("room", track.room)
            }
            object.set("slotIds", Self.strings(group.slots.map(\.id)))
            items.append(object.value)
        }
        return .array(items)
    }

    /// The event's tracks as declared (`Event.tracks`), in the organiser's order.
    mutating func declaredTracks(of event: Event) -> JSONValue {
        var items: [JSONValue] = []
        for track in event.tracks {
            var object = JSONObject()
            object.set("id", .string(track.id))
            object.setIfPresent("name", text(track.name, event))
            object.setIfPresent("room", track.room)
            items.append(object.value)
        }
        return .array(items)
    }

    /// The event's rooms as declared (`Event.rooms`).
    mutating func rooms(of event: Event) -> JSONValue {
        var items: [JSONValue] = []
        for room in event.rooms {
            var object = JSONObject()
            object.set("id", .string(room.id))
            object.setIfPresent("name", text(room.name, event))
            object.setIfPresent("capacity", room.capacity.map { .int($0) })
            object.setIfPresent("accessibility", text(room.accessibility, event))
            items.append(object.value)
        }
        return .array(items)
    }
}
