import AgoraDomain
import AgoraExports
import Testing

struct ScheduleTests {
    static let links = ExportLinks(base: "https://agora.example/")

    static func schedule(_ event: Event, lang: [String] = []) -> Schedule {
        var choice = ExportLanguage(ranked: lang)
        return Schedule(of: event, links: links, choice: &choice)
    }

    static func talks(_ schedule: Schedule) -> [Schedule.Talk] {
        schedule.days.flatMap { $0.rooms.flatMap(\.talks) }
    }

    @Test func acronymFitsTheC3vocPattern() throws {
        let schedule = Self.schedule(try SeedEvents.event("assises-sociales-2025"))
        #expect(schedule.acronym == "assises_sociales_2025")
        #expect(schedule.baseURL == "https://agora.example/")
        #expect(schedule.url == "https://agora.example/events/assises-sociales-2025")
    }

    @Test func timesCarryTheEventsOffsetAndSlotsWithoutEndGetTheDefaultDuration() throws {
        let schedule = Self.schedule(try SeedEvents.event("assises-sociales-2025"))
        let talks = Self.talks(schedule)
        let talk = try #require(talks.first { $0.slug.hasSuffix("criminalite-economique-et-financiere") })
        #expect(talk.date == "2025-11-20T09:15:00+01:00")
        #expect(talk.start == "09:15")
        #expect(talk.duration == "00:45")
        #expect(talk.end == "2025-11-20T10:00:00+01:00")
        #expect(talk.language == "de")
        #expect(talk.persons.map(\.name) == ["Yves Marson"])
        #expect(talk.description?.contains("Yves Marson (Premier commissaire divisionnaire, Kriminalpolizei)") == true)
        // "Abschlussempfang" (16:15) has no end and nothing follows it: 15 minutes.
        let reception = try #require(talks.first { $0.type == "reception" })
        #expect(reception.duration == "00:15")
        #expect(schedule.days.count == 1)
        #expect(schedule.days[0].start == "2025-11-20T09:00:00+01:00")
        #expect(schedule.days[0].end == "2025-11-20T17:45:00+01:00")
        #expect(Set(talks.map(\.type)).isSuperset(of: ["registration", "meal", "reception", "talk"]))
    }

    @Test func parallelWorkingGroupsAreParallelRooms() throws {
        let schedule = Self.schedule(try SeedEvents.event("quattropole-2017"))
        let atEleven = schedule.days[0].rooms.filter { room in room.talks.contains { $0.start == "11:00" } }
        #expect(atEleven.count == 3)
        #expect(Set(atEleven.flatMap(\.talks).map(\.type)) == ["working-group"])
        #expect(schedule.rooms.count == 4)
        #expect(schedule.rooms.first?.name == "Hôtel de Ville Metz")
        let opening = try #require(Self.talks(schedule).first { $0.type == "opening" })
        #expect(opening.date == "2017-11-22T10:00:00+01:00")
    }

    @Test func guidsAreStableUUIDv5sAndTheVersionFollowsTheProgramme() throws {
        var event = try SeedEvents.event("assises-sociales-2025")
        let before = Self.schedule(event)
        #expect(Self.talks(before).map(\.guid) == Self.talks(Self.schedule(event)).map(\.guid))
        #expect(Set(Self.talks(before).map(\.guid)).count == event.programme.count)
        #expect(Self.talks(before).first?.guid
                == NameBasedUUID(name: "urn:agora:event:assises-sociales-2025:slot:anmeldung-und-empfang").description)
        #expect(Self.schedule(event, lang: ["fr"]).version == before.version)
        event.programme[1].startsAt = event.programme[1].startsAt.adding(seconds: 600)
        let after = Self.schedule(event)
        #expect(after.version != before.version)
        #expect(Self.talks(after).map(\.guid) == Self.talks(before).map(\.guid))
    }

    @Test func xmlHasDayEndAndEscapesTheProgrammesText() throws {
        var event = try SeedEvents.event("quattropole-2017")
        event.programme[0].title = .de("Empfang & <Kaffee>")
        let xml = String(decoding: ScheduleXML.bytes(Self.schedule(event)), as: UTF8.self)
        #expect(xml.contains(#"<day index="1" date="2017-11-22" start="2017-11-22T09:30:00+01:00" end="2017-11-22T17:00:00+01:00">"#))
        #expect(xml.contains("<title>Empfang &amp; &lt;Kaffee&gt;</title>"))
        #expect(xml.contains("Landeshauptstadt Saarbrücken"))
        #expect(xml.contains("<acronym>quattropole_2017</acronym>"))
    }
}
