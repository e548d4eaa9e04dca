import AgoraJSON

/// The schedule as `schedule.json`, valid against the c3voc JSON schema (voc/schedule, validator/json/schema.json).
/// The format's required-but-deprecated members (`start`, `duration`, `id`) are written next to their replacements
/// (`date`, `end`, `guid`), because the apps in use still read the old ones. Persons are pretalx-style
/// (`name`, `guid`): the schema's `oneOf` takes either that or frab's `public_name` + `id`, never both.
public enum ScheduleJSON {
    public static let generator = "Agora"

    public static func bytes(_ schedule: Schedule) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{")
        writer.key("$schema", first: true)
        writer.string("https://c3voc.de/schedule/schema.json")
        writer.key("generator")
        writer.raw("{")
        writer.key("name", first: true)
        writer.string(generator)
        writer.raw("}")
        writer.key("schedule")
        writer.raw("{")
        writer.key("version", first: true)
        writer.string(schedule.version)
        writer.key("base_url")
        writer.string(schedule.baseURL)
        writer.key("conference")
        conference(schedule, &writer)
        writer.raw("}}")
        return writer.bytes
    }

    private static func conference(_ schedule: Schedule, _ writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("acronym", first: true)
        writer.string(schedule.acronym)
        writer.key("title")
        writer.string(schedule.title)
        if let description = schedule.description {
            writer.key("description")
            writer.string(description)
        }
        writer.key("start")
        writer.string(schedule.startDate)
        writer.key("end")
        writer.string(schedule.endDate)
        writer.key("daysCount")
        writer.integer(schedule.daysCount)
        writer.key("timeslot_duration")
        writer.string("00:15")
        if ScheduleZone.fitsPattern(schedule.timeZone) {
            writer.key("time_zone_name")
            writer.string(schedule.timeZone)
        }
        writer.key("url")
        writer.string(schedule.url)
        writer.key("tracks")
        writer.array(schedule.tracks) { writer, track in
            writer.raw("{")
            writer.key("name", first: true)
            writer.string(track.name)
            writer.key("slug")
            writer.string(track.slug)
            writer.raw("}")
        }
        writer.key("rooms")
        writer.array(schedule.rooms) { writer, room in
            writer.raw("{")
            writer.key("name", first: true)
            writer.string(room.name)
            writer.key("guid")
            writer.string(room.guid)
            writer.raw("}")
        }
        writer.key("days")
        writer.array(schedule.days) { writer, day in self.day(day, &writer) }
        writer.raw("}")
    }

    private static func day(_ day: Schedule.Day, _ writer: inout JSONWriter) {
        writer.raw("{")
        writer.key("index", first: true)
        // The same 1-based index as the XML's `day@index` (an `xs:positiveInteger` there).
        writer.integer(day.index)
        writer.key("date")
        writer.string(day.date)
        writer.key("day_start")
        writer.string(day.start)
        writer.key("day_end")
        writer.string(day.end)
        writer.key("rooms")
        writer.object(day.rooms, name: \.room) { writer, room in
            writer.array(room.talks) { writer, talk in self.talk(talk, &writer) }
        }
        writer.raw("}")
    }
}
