public import AgoraDomain

extension Schedule {
    /// The schedule of `event`, its texts picked by `choice`. Slots come in time order (equal starts in the
    /// organiser's order); each parallel track is a room of its own, the main programme is the venue's room.
    public init(of event: Event, links: ExportLinks, choice: inout ExportLanguage) {
        let zone = event.timeZone
        let defaultLanguage = event.defaultLanguage
        let timeline = ScheduleTimeline(event: event, choice: &choice)
        let days = event.days
        var scheduleDays: [Day] = []
        var date = days.lowerBound
        while date <= days.upperBound {
            let index = scheduleDays.count + 1
            let talks = timeline.placed.filter { $0.slot.startsAt.localDateTime(inZone: zone).date == date }
            // The day runs from its first start (the event's own, on its first day) to its last end.
            let onThisDay = { (instant: Instant) in instant.localDateTime(inZone: zone).date == date }
            let starts = talks.map(\.slot.startsAt) + [event.startsAt].filter(onThisDay)
            let start = starts.min() ?? date.start(inZone: zone) ?? event.startsAt
            let end = (talks.map(\.end) + [event.endsAt].compactMap { $0 }.filter(onThisDay)).max() ?? start
            let rooms = timeline.rooms.map { room in
                (room: room.name, talks: talks.filter { $0.room == room.name }.map {
                    Self.talk($0, of: event, links: links, choice: &choice)
                })
            }
            scheduleDays.append(Day(index: index, date: date.description, start: start.rfc3339(inZone: zone),
                                    end: end.rfc3339(inZone: zone), rooms: rooms))
            date = date.adding(days: 1)
        }
        self.init(
            version: ScheduleVersion.of(event), acronym: Self.acronym(of: event.id),
            title: choice.text(event.title, defaultLanguage: defaultLanguage) ?? event.id,
            description: choice.text(event.description, defaultLanguage: defaultLanguage),
            startDate: days.lowerBound.description, endDate: days.upperBound.description,
            daysCount: scheduleDays.count, timeZone: zone, url: links.event(event.id), baseURL: links.base + "/",
            tracks: timeline.tracks, rooms: timeline.rooms, days: scheduleDays)
    }

    /// c3voc's acronym pattern (`^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$`) takes `-` only before a year and a
    /// word; our ids are slugs with hyphens anywhere, so they become underscores (`assises_sociales_2025`), padded to
    /// the four characters the pattern needs.
    static func acronym(of eventId: String) -> String {
        var acronym = String(eventId.lowercased().map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
        while acronym.count < 4 { acronym.append("_") }
        return acronym
    }

    private static func talk(_ placed: ScheduleTimeline.Placed, of event: Event, links: ExportLinks,
                             choice: inout ExportLanguage) -> Talk {
        let slot = placed.slot
        let zone = event.timeZone
        let guid = NameBasedUUID(name: "urn:agora:event:\(event.id):slot:\(slot.id)")
        let local = slot.startsAt.localDateTime(inZone: zone)
        let minutes = Int(max(0, placed.end.secondsSince1970 - slot.startsAt.secondsSince1970) / 60)
        let abstract = choice.text(slot.description, defaultLanguage: event.defaultLanguage)
        var speakers: [String] = []
        for speaker in slot.speakers {
            let about = [choice.text(speaker.role, defaultLanguage: event.defaultLanguage), speaker.organisation]
                .compactMap { $0 }
            speakers.append(about.isEmpty ? speaker.name : "\(speaker.name) (\(about.joined(separator: ", ")))")
        }
        let description = ([abstract].compactMap { $0 } + (speakers.isEmpty ? [] : [speakers.joined(separator: "\n")]))
            .joined(separator: "\n\n")
        return Talk(
            guid: guid.description, id: guid.positiveInteger, slug: "\(acronym(of: event.id))-\(slot.id)",
            date: slot.startsAt.rfc3339(inZone: zone), start: twoDigits(local.hour) + ":" + twoDigits(local.minute),
            duration: twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60), end: placed.end.rfc3339(inZone: zone),
            room: placed.room, title: choice.text(slot.title, defaultLanguage: event.defaultLanguage) ?? slot.id,
            track: placed.track, type: frabType(slot.kind), language: slot.spokenLanguage ?? event.defaultLanguage,
            abstract: abstract, description: description.isEmpty ? nil : description,
            persons: slot.speakers.map { Person(name: $0.name, guid: NameBasedUUID(name: "urn:agora:person:\($0.name)").description) },
            url: links.slot(slot.id, ofEvent: event.id))
    }

    /// frab's `type` is free text; ours in the kebab case the format's examples use (`working-group`).
    static func frabType(_ kind: SlotKind) -> String {
        var type = ""
        for character in kind.rawValue {
            if character.isUppercase { type += "-" + character.lowercased() } else { type.append(character) }
        }
        return type
    }

    static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
