public import AgoraDomain
import AgoraJSON

/// The event page written straight into one buffer (issue 16): the same members in the same order as the tree of
/// `Representation.event` encoded, byte for byte — the ETag hashes these bytes, and a write's reply (still the tree)
/// must carry the tag a GET gives. No object, member or nested array is allocated on the way, which the tree's were
/// (a fifth of an uncached read's instructions in issue 16's profile). `EventWritingTests` holds both to the same
/// bytes for every seed event and language choice; each function here mirrors the tree function of the same name.
extension Representation {
    /// The body of `GET /events/{id}`.
    public mutating func eventBody(_ event: Event) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(16_384)
        writeEvent(event, to: &writer)
        return writer.bytes
    }

    mutating func writeEvent(_ event: Event, to writer: inout JSONWriter) {
        writer.openObject()
        // The summary's members (`eventSummary`).
        writer.member("id"); writer.string(event.id)
        Self.optional("series", event.series, to: &writer)
        if let edition = event.edition { writer.member("edition"); writer.integer(edition) }
        text("title", event.title, event, to: &writer)
        text("theme", event.theme, event, to: &writer)
        Self.instant("startsAt", event.startsAt, event, to: &writer)
        Self.instant("endsAt", event.endsAt, event, to: &writer)
        writer.member("timeZone"); writer.string(event.timeZone)
        writer.member("status"); writer.string(event.status.rawValue)
        writer.member("phase"); writer.string(event.phase(at: now).rawValue)
        writer.member("defaultLanguage"); writer.string(event.defaultLanguage)
        writer.member("languages"); Self.strings(event.languages, to: &writer)
        if let venue = event.venue { writer.member("venue"); Self.writeVenue(venue, to: &writer) }
        writer.member("registration"); writer.string(registrationKind(event.registration))
        writer.member("partnerIds"); Self.strings(event.partnerIds, to: &writer)
        // The detail's (`event`).
        text("description", event.description, event, to: &writer)
        text("programmeNote", event.programmeNote, event, to: &writer)
        writer.member("interpretation")
        writer.openArray()
        for interpretation in event.interpretation {
            writer.element()
            writer.openObject()
            writer.member("mode"); writer.string(interpretation.mode.rawValue)
            writer.member("languages"); Self.strings(interpretation.languages, to: &writer)
            writer.closeObject()
        }
        writer.closeArray()
        text("accessibility", event.accessibility, event, to: &writer)
        writer.member("organisers")
        writer.openArray()
        for organiser in event.organisers {
            writer.element()
            writer.openObject()
            text("name", organiser.name, event, to: &writer)
            writer.closeObject()
        }
        writer.closeArray()
        writer.member("contacts")
        writer.openArray()
        for contact in event.contacts { writer.element(); writeContact(contact, event, to: &writer) }
        writer.closeArray()
        writer.member("participatingServices")
        writer.openArray()
        for service in event.participatingServices { writer.element(); write(service, event, to: &writer) }
        writer.closeArray()
        if let open = event.openToPublic { writer.member("openToPublic"); writer.bool(open) }
        writer.member("registrationPolicy"); writeRegistrationPolicy(event, to: &writer)
        writer.member("tracks"); writeDeclaredTracks(of: event, to: &writer)
        writer.member("rooms"); writeRooms(of: event, to: &writer)
        writer.member("programme"); writeProgramme(of: event, to: &writer)
        writer.member("partners")
        writer.openArray()
        for partner in state.partners(ofEvent: event.id) {
            writer.element()
            writer.openObject()
            writer.member("id"); writer.string(partner.id)
            writer.member("name"); writer.string(partner.name)
            writer.member("kind"); writer.string(partner.kind.rawValue)
            writer.closeObject()
        }
        writer.closeArray()
        writer.closeObject()
    }

    /// A localized member, left out when the field is absent (`setIfPresent(name, text(…))`).
    mutating func text(_ name: StaticString, _ text: LocalizedText?, _ event: Event?, to writer: inout JSONWriter) {
        guard let text else { return }
        writer.member(name)
        write(text, event, to: &writer)
    }

    static func optional(_ name: StaticString, _ value: String?, to writer: inout JSONWriter) {
        guard let value else { return }
        writer.member(name)
        writer.string(value)
    }

    static func optional(_ name: StaticString, _ value: Int?, to writer: inout JSONWriter) {
        guard let value else { return }
        writer.member(name)
        writer.integer(value)
    }

    /// An instant in the event's zone (`Representation.instant`); RFC 3339 text needs no escape.
    static func instant(_ name: StaticString, _ instant: Instant?, _ event: Event, to writer: inout JSONWriter) {
        guard let instant else { return }
        writer.member(name)
        writer.bytes.append(UInt8(ascii: "\""))
        instant.appendRFC3339(inZone: event.timeZone, to: &writer.bytes)
        writer.bytes.append(UInt8(ascii: "\""))
    }

    static func strings(_ values: [String], to writer: inout JSONWriter) {
        writer.openArray()
        for value in values { writer.element(); writer.string(value) }
        writer.closeArray()
    }
}
