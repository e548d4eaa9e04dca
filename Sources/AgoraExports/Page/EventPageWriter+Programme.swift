import AgoraDomain

extension EventPageWriter {
    /// The programme by day and time: the slots starting together form one row, parallel tracks side by side
    /// (`.parallel`, a grid the stylesheet stacks on a narrow screen), breaks and meals marked by their kind.
    mutating func programme() -> String {
        var html = "<section id=\"programme\" class=\"programme\"><h2>\(labels("programme"))</h2>\n"
        if let note = text(event.programmeNote) { html += paragraphs(note, className: "programme-note") }
        let slots = event.programme.sorted { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }
        var day: LocalDate?
        var index = 0
        while index < slots.count {
            let start = slots[index].startsAt
            var end = index
            while end < slots.count, slots[end].startsAt == start { end += 1 }
            let date = time.date(start)
            if date != day {
                if day != nil { html += "</div></section>\n" }
                html += "<section class=\"day\"><h3>\(HTMLText.escaped(time.day(date)))</h3><div class=\"rows\">\n"
                day = date
            }
            html += row(Array(slots[index..<end]))
            index = end
        }
        if day != nil { html += "</div></section>\n" }
        return html + "</section>\n"
    }

    /// One start time and the slots that begin then.
    mutating func row(_ slots: [ProgrammeSlot]) -> String {
        let parallel = slots.count > 1 ? " parallel" : ""
        var html = "<div class=\"row\"><p class=\"at\"><time datetime=\"\(slots[0].startsAt.rfc3339(inZone: event.timeZone))\">"
            + "\(time.time(slots[0].startsAt))</time></p><div class=\"slots\(parallel)\">\n"
        for slot in slots { html += self.slot(slot) }
        return html + "</div></div>\n"
    }

    mutating func slot(_ slot: ProgrammeSlot) -> String {
        let kind = slot.kind.rawValue
        var html = "<article class=\"slot kind-\(kind)\" id=\"slot-\(HTMLText.escaped(slot.id))\">"
        var meta: [String] = []
        let end = slot.endsAt ?? event.effectiveEnd(of: slot)
        meta.append("\(time.time(slot.startsAt))–\(time.time(end))")
        if ["break", "meal", "reception", "registration"].contains(kind) {
            meta.append("<span class=\"kind\">\(labels("kind." + kind))</span>")
        }
        if let trackId = slot.track, let track = event.tracks.first(where: { $0.id == trackId }),
           let name = escapedText(track.name) {
            meta.append("<span class=\"track\">\(name)</span>")
        }
        if let roomId = slot.room, let room = event.rooms.first(where: { $0.id == roomId }), let name = escapedText(room.name) {
            meta.append("<span class=\"room\">\(name)</span>")
        }
        html += "<p class=\"meta\">\(meta.joined(separator: " · "))</p>"
        html += "<h4>\(escapedText(slot.title) ?? HTMLText.escaped(slot.id))</h4>"
        if let description = text(slot.description) { html += paragraphs(description, className: "slot-description") }
        if !slot.speakers.isEmpty {
            html += "<ul class=\"speakers\">"
            for speaker in slot.speakers {
                var line = "<span class=\"name\">\(HTMLText.escaped(speaker.name))</span>"
                if let role = escapedText(speaker.role) { line += ", \(role)" }
                if let organisation = speaker.organisation { line += ", \(HTMLText.escaped(organisation))" }
                html += "<li>\(line)</li>"
            }
            html += "</ul>"
        }
        return html + "</article>\n"
    }
}
