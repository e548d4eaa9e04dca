import AgoraJSON

extension ScheduleJSON {
    /// One slot as a c3voc event. Every member the schema requires is written, `null` where we have nothing
    /// (`subtitle`, an absent `abstract`), `[]` for `links`.
    static func talk(_ talk: Schedule.Talk, _ writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("guid", first: true)
        writer.string(talk.guid)
        writer.key("id")
        writer.integer(talk.id)
        writer.key("date")
        writer.string(talk.date)
        writer.key("start")
        writer.string(talk.start)
        writer.key("end")
        writer.string(talk.end)
        writer.key("duration")
        writer.string(talk.duration)
        writer.key("room")
        writer.string(talk.room)
        writer.key("slug")
        writer.string(talk.slug)
        writer.key("url")
        writer.string(talk.url)
        writer.key("title")
        writer.string(talk.title)
        writer.key("subtitle")
        writer.null()
        writer.key("track")
        optional(talk.track, &writer)
        writer.key("type")
        writer.string(talk.type)
        writer.key("language")
        writer.string(talk.language)
        writer.key("abstract")
        optional(talk.abstract, &writer)
        writer.key("description")
        optional(talk.description, &writer)
        writer.key("persons")
        writer.array(talk.persons) { writer, person in
            writer.raw("{")
            writer.key("name", first: true)
            writer.string(person.name)
            writer.key("guid")
            writer.string(person.guid)
            writer.raw("}")
        }
        writer.key("links")
        writer.raw("[]")
        writer.raw("}")
    }

    private static func optional(_ text: String?, _ writer: inout JSONWriter) {
        if let text { writer.string(text) } else { writer.null() }
    }
}
