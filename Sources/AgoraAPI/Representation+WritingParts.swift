public import AgoraDomain
import AgoraJSON

/// The parts of the event page written straight into its buffer (`Representation+Writing`), each mirroring the
/// tree function of the same name without `write`.
extension Representation {
    static func writeVenue(_ venue: Venue, to writer: inout JSONWriter) {
        writer.openObject()
        writer.member("name"); writer.string(venue.name)
        optional("street", venue.street, to: &writer)
        optional("postalCode", venue.postalCode, to: &writer)
        optional("city", venue.city, to: &writer)
        optional("country", venue.country, to: &writer)
        optional("phone", venue.phone, to: &writer)
        optional("website", venue.website, to: &writer)
        if let geo = venue.geo {
            writer.member("geo")
            writer.openObject()
            writer.member("latitude"); writer.encoded(geo.latitudeText.utf8)
            writer.member("longitude"); writer.encoded(geo.longitudeText.utf8)
            writer.closeObject()
        }
        writer.closeObject()
    }

    mutating func writeContact(_ contact: Contact, _ event: Event, to writer: inout JSONWriter) {
        writer.openObject()
        writer.member("name"); writer.string(contact.name)
        text("role", contact.role, event, to: &writer)
        Self.optional("organisation", contact.organisation, to: &writer)
        Self.optional("phone", contact.phone, to: &writer)
        Self.optional("email", contact.email, to: &writer)
        writer.closeObject()
    }

    func writeRegistrationPolicy(_ event: Event, to writer: inout JSONWriter) {
        writer.openObject()
        writer.member("kind"); writer.string(registrationKind(event.registration))
        // The counts live at the path it links to (`registrationPolicy(_:)`, the tree this writes byte for byte).
        writer.member("availability"); writer.string(ReadResource.availability(eventId: event.id).path)
        if let rules = event.registration.rules {
            Self.instant("opensAt", rules.opensAt, event, to: &writer)
            Self.instant("deadline", rules.deadline, event, to: &writer)
            Self.optional("capacity", rules.capacity, to: &writer)
            if let waitingList = rules.waitingList {
                writer.member("waitingList")
                writer.openObject()
                Self.optional("capacity", waitingList.capacity, to: &writer)
                writer.closeObject()
            }
            Self.optional("externalURL", rules.externalURL, to: &writer)
            writer.member("open"); writer.bool(event.acceptsRegistrations(at: now))
        }
        writer.closeObject()
    }

    mutating func writeDeclaredTracks(of event: Event, to writer: inout JSONWriter) {
        writer.openArray()
        for track in event.tracks {
            writer.element()
            writer.openObject()
            writer.member("id"); writer.string(track.id)
            text("name", track.name, event, to: &writer)
            Self.optional("room", track.room, to: &writer)
            writer.closeObject()
        }
        writer.closeArray()
    }

    mutating func writeRooms(of event: Event, to writer: inout JSONWriter) {
        writer.openArray()
        for room in event.rooms {
            writer.element()
            writer.openObject()
            writer.member("id"); writer.string(room.id)
            text("name", room.name, event, to: &writer)
            Self.optional("capacity", room.capacity, to: &writer)
            text("accessibility", room.accessibility, event, to: &writer)
            writer.closeObject()
        }
        writer.closeArray()
    }

    /// `programme(of:)`: the slots in time order, `parallel` when one overlaps a slot of another track.
    mutating func writeProgramme(of event: Event, to writer: inout JSONWriter) {
        let slots = state.slotsInTimeOrder(ofEvent: event.id)
        writer.openArray()
        for slot in slots {
            let parallel = slots.contains { other in
                other.id != slot.id && other.track != slot.track && other.overlaps(slot)
            }
            writer.element()
            writeSlot(slot, of: event, parallel: parallel, to: &writer)
        }
        writer.closeArray()
    }

    /// `slot(_:of:parallel:withEvent: false)`.
    mutating func writeSlot(_ slot: ProgrammeSlot, of event: Event, parallel: Bool, to writer: inout JSONWriter) {
        writer.openObject()
        writer.member("id"); writer.string(slot.id)
        Self.instant("startsAt", slot.startsAt, event, to: &writer)
        Self.instant("endsAt", slot.endsAt, event, to: &writer)
        writer.member("kind"); writer.string(slot.kind.rawValue)
        text("title", slot.title, event, to: &writer)
        text("description", slot.description, event, to: &writer)
        Self.optional("spokenLanguage", slot.spokenLanguage, to: &writer)
        writer.member("speakers")
        writer.openArray()
        for speaker in slot.speakers {
            writer.element()
            writer.openObject()
            writer.member("name"); writer.string(speaker.name)
            text("role", speaker.role, event, to: &writer)
            Self.optional("organisation", speaker.organisation, to: &writer)
            Self.optional("partnerId", speaker.partnerId, to: &writer)
            writer.closeObject()
        }
        writer.closeArray()
        Self.optional("track", slot.track, to: &writer)
        text("trackName", slot.track.flatMap { event.track(withId: $0)?.name }, event, to: &writer)
        Self.optional("room", slot.room, to: &writer)
        text("roomName", event.room(of: slot)?.name, event, to: &writer)
        writer.member("parallel"); writer.bool(parallel)
        writer.closeObject()
    }
}

extension Representation {
    /// The body of `GET /events/{id}/programme`: `ReadResource`'s tree of the same (its slots, tracks and rooms).
    public mutating func programmeBody(_ event: Event) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(8_192)
        writer.openObject()
        writer.member("eventId"); writer.string(event.id)
        writer.member("timeZone"); writer.string(event.timeZone)
        writer.member("items"); writeProgramme(of: event, to: &writer)
        writer.member("tracks"); writeTracks(of: event, to: &writer)
        writer.member("rooms"); writeRooms(of: event, to: &writer)
        writer.closeObject()
        return writer.bytes
    }

    /// `tracks(of:)`: the main programme (`track` null) first, then the event's tracks, each with its slot ids.
    mutating func writeTracks(of event: Event, to writer: inout JSONWriter) {
        writer.openArray()
        for group in state.programmeByTrack(ofEvent: event.id) {
            writer.element()
            writer.openObject()
            writer.member("track")
            if let track = group.track { writer.string(track) } else { writer.null() }
            if let track = group.track.flatMap({ event.track(withId: $0) }) {
                text("name", track.name, event, to: &writer)
                Self.optional("room", track.room, to: &writer)
            }
            writer.member("slotIds")
            writer.openArray()
            for slot in group.slots { writer.element(); writer.string(slot.id) }
            writer.closeArray()
            writer.closeObject()
        }
        writer.closeArray()
    }
}
