/// The schedule as `schedule.xml`, valid against the c3voc XSD (voc/schedule, validator/xsd/schedule.xml.xsd), the
/// format EventFahrplan, Giggity and ConfClerk read. `day@end` is always written: EventFahrplan needs it. `slug` is
/// left out when the slot's id is shorter than the four characters the XSD's slug pattern wants after the acronym
/// (it is optional there; apps then derive one).
public enum ScheduleXML {
    public static func bytes(_ schedule: Schedule) -> [UInt8] {
        var xml = XMLWriter()
        xml.start("schedule")
        xml.element("generator", "", ["name": ScheduleJSON.generator])
        xml.element("url", schedule.url + "/schedule.xml")
        xml.element("version", schedule.version)
        xml.start("conference")
        xml.element("title", schedule.title)
        xml.element("acronym", schedule.acronym)
        xml.element("start", schedule.startDate)
        xml.element("end", schedule.endDate)
        xml.element("days", String(schedule.daysCount))
        xml.element("timeslot_duration", "00:15")
        xml.element("base_url", schedule.baseURL)
        xml.element("url", schedule.url)
        xml.element("time_zone_name", schedule.timeZone)
        for track in schedule.tracks { xml.element("track", "", ["name": track.name]) }
        xml.end()
        for day in schedule.days {
            xml.start("day", ["index": String(day.index), "date": day.date, "start": day.start, "end": day.end])
            for room in day.rooms {
                let guid = schedule.rooms.first { $0.name == room.room }?.guid ?? ""
                xml.start("room", ["name": room.room, "guid": guid])
                for talk in room.talks { self.talk(talk, &xml) }
                xml.end()
            }
            xml.end()
        }
        return xml.finish()
    }

    private static func talk(_ talk: Schedule.Talk, _ xml: inout XMLWriter) {
        xml.start("event", ["guid": talk.guid, "id": String(talk.id)])
        xml.element("room", talk.room)
        xml.element("title", talk.title)
        xml.element("subtitle", "")
        xml.element("type", talk.type)
        xml.element("date", talk.date)
        xml.element("start", talk.start)
        xml.element("duration", talk.duration)
        xml.element("abstract", talk.abstract ?? "")
        if talk.slug.split(separator: "-", maxSplits: 1).last.map({ $0.count >= 4 }) == true {
            xml.element("slug", talk.slug)
        }
        xml.element("track", talk.track ?? "")
        xml.element("language", talk.language)
        xml.element("description", talk.description ?? "")
        xml.start("persons")
        for person in talk.persons { xml.element("person", person.name, ["guid": person.guid]) }
        xml.end()
        xml.element("links", "")
        xml.element("url", talk.url)
        xml.end()
    }
}
