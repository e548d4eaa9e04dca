public import AgoraDomain

extension CalendarExport {
    /// The UID of the VEVENT spanning an event: stable (the id never changes) and kept when it is cancelled.
    public static func uid(of event: Event) -> String { "\(event.id)@agora" }

    /// The UID of a slot's VEVENT (slot ids are unique within their event).
    public static func uid(of slot: ProgrammeSlot, in event: Event) -> String { "\(slot.id).\(event.id)@agora" }

    /// "Partners" in the languages of the programmes (the one label an export adds); English otherwise.
    static let partnersLabel = LocalizedText(["de": "Partner", "fr": "Partenaires", "lb": "Partner", "en": "Partners"])

    mutating func writeEvent(_ event: Event, partners: [String]) {
        uses(event.timeZone, at: event.startsAt)
        uses(event.timeZone, at: event.effectiveEnd)
        let title = language.resolve(event.title, defaultLanguage: event.defaultLanguage)
        let theme = language.resolve(event.theme, defaultLanguage: event.defaultLanguage)
        var description = language.resolve(event.description, defaultLanguage: event.defaultLanguage)
        if !partners.isEmpty {
            let written = description?.language ?? title?.language ?? event.defaultLanguage
            let label = Self.partnersLabel.text(for: written, defaultLanguage: "en") ?? "Partners"
            let list = label + ": " + partners.joined(separator: ", ")
            description = (written, description.map { $0.text + "\n\n" + list } ?? list)
        }
        let summary = title.map { title in (title.language, title.text + (theme.map { " – \($0.text)" } ?? "")) }
        let cancelled = cancelled
        write { lines in
            lines.begin("VEVENT")
            Self.stamps(uid: Self.uid(of: event), revision: event.revision, modifiedAt: event.modifiedAt,
                        fallback: event.startsAt, into: &lines)
            Self.times(event.startsAt, event.effectiveEnd, zone: event.timeZone, into: &lines)
            Self.text("SUMMARY", summary, into: &lines)
            Self.text("DESCRIPTION", description, into: &lines)
            Self.common(of: event, cancelled: cancelled, into: &lines)
            lines.property("CATEGORIES", "event")
            lines.end("VEVENT")
        }
    }

    mutating func writeSlot(_ slot: ProgrammeSlot, of event: Event) {
        let end = event.effectiveEnd(of: slot)
        uses(event.timeZone, at: slot.startsAt)
        uses(event.timeZone, at: end)
        let title = language.resolve(slot.title, defaultLanguage: event.defaultLanguage)
        var description = language.resolve(slot.description, defaultLanguage: event.defaultLanguage)
        var speakers: [String] = []
        for speaker in slot.speakers {
            let role = language.resolve(speaker.role, defaultLanguage: event.defaultLanguage)?.text
            let about = [role, speaker.organisation].compactMap { $0 }.joined(separator: ", ")
            speakers.append(about.isEmpty ? speaker.name : "\(speaker.name) (\(about))")
        }
        if !speakers.isEmpty {
            let joined = speakers.joined(separator: "\n")
            description = (description?.language ?? title?.language ?? event.defaultLanguage,
                           description.map { $0.text + "\n\n" + joined } ?? joined)
        }
        let track = slot.track.flatMap { event.track(withId: $0) }.flatMap { language.resolve($0.name, defaultLanguage: event.defaultLanguage) }
        let room = event.room(of: slot).flatMap { language.resolve($0.name, defaultLanguage: event.defaultLanguage) }
        let cancelled = cancelled
        write { lines in
            lines.begin("VEVENT")
            Self.stamps(uid: Self.uid(of: slot, in: event), revision: slot.revision,
                        modifiedAt: slot.modifiedAt ?? event.modifiedAt, fallback: event.startsAt, into: &lines)
            Self.times(slot.startsAt, end, zone: event.timeZone, into: &lines)
            Self.text("SUMMARY", title, into: &lines)
            Self.text("DESCRIPTION", description, into: &lines)
            Self.common(of: event, room: room?.text, cancelled: cancelled, into: &lines)
            // The kind (talk, break, workingGroup…), then the track's name: what a calendar can filter or colour by.
            lines.property("CATEGORIES", ([slot.kind.rawValue] + (track.map { [$0.text] } ?? [])).map(CalendarText.escaped).joined(separator: ","))
            if let spoken = slot.spokenLanguage { lines.property("X-AGORA-LANGUAGE", spoken) }
            lines.property("RELATED-TO", [("RELTYPE", "PARENT")], Self.uid(of: event))
            lines.end("VEVENT")
        }
    }

    /// UID, DTSTAMP, SEQUENCE and LAST-MODIFIED. With METHOD:PUBLISH, DTSTAMP is when the information was last
    /// revised (RFC 5545 §3.8.7.2), so it is LAST-MODIFIED too: a render does not move it, and neither does a
    /// change elsewhere. Data from before changes were timed has no LAST-MODIFIED and the event's start as DTSTAMP.
    static func stamps(uid: String, revision: Int, modifiedAt: Instant?, fallback: Instant, into lines: inout ContentLines) {
        lines.property("UID", CalendarText.escaped(uid))
        lines.property("DTSTAMP", CalendarTime.utc(modifiedAt ?? fallback))
        lines.property("SEQUENCE", String(revision))
        if let modifiedAt { lines.property("LAST-MODIFIED", CalendarTime.utc(modifiedAt)) }
    }

    static func times(_ start: Instant, _ end: Instant, zone: String, into lines: inout ContentLines) {
        lines.property("DTSTART", [("TZID", zone)], CalendarTime.local(start, inZone: zone))
        lines.property("DTEND", [("TZID", zone)], CalendarTime.local(end, inZone: zone))
    }

    static func text(_ name: String, _ value: (language: String, text: String)?, into lines: inout ContentLines) {
        guard let value, !value.text.allSatisfy(\.isWhitespace) else { return }
        lines.property(name, [("LANGUAGE", value.language)], CalendarText.escaped(value.text))
    }

    /// What every VEVENT of the event says: STATUS, LOCATION (room, venue and address), GEO, ORGANIZER.
    static func common(of event: Event, room: String? = nil, cancelled: Bool, into lines: inout ContentLines) {
        let status = switch cancelled ? .cancelled : event.status {
        case .scheduled: "CONFIRMED"
        case .cancelled: "CANCELLED"
        case .postponed: "TENTATIVE"
        }
        lines.property("STATUS", status)
        if let venue = event.venue {
            let locality = [venue.postalCode, venue.city].compactMap { $0 }.joined(separator: " ")
            let parts = [room, venue.name, venue.street, locality.isEmpty ? nil : locality, venue.country]
            lines.property("LOCATION", CalendarText.escaped(parts.compactMap { $0 }.joined(separator: ", ")))
            if let geo = venue.geo {
                // §3.8.1.6: latitude;longitude as FLOAT, here with six decimals (about 10 cm).
                lines.property("GEO", "\(geo.latitudeText);\(geo.longitudeText)")
            }
        } else if let room {
            lines.property("LOCATION", CalendarText.escaped(room))
        }
        if let contact = event.contacts.first(where: { $0.email != nil }), let email = contact.email {
            let organiser = event.organisers.first?.name.resolved(for: nil, defaultLanguage: event.defaultLanguage)?.text
            lines.property("ORGANIZER", [("CN", organiser ?? contact.name)], "mailto:\(email)")
        }
    }
}
