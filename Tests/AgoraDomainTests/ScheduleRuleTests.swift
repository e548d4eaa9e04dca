import AgoraDomain
import AgoraDomainTesting
import FoundationEssentials
import Testing

/// Issue 11's schedule model in the domain: declared tracks and rooms, the export rule for slots without an end,
/// revisions that move only with their slot.
@Suite struct ScheduleRuleTests {
    private func instant(_ text: String) throws -> Instant { try #require(Instant(rfc3339: text)) }

    private func local(_ instant: Instant, _ event: Event) -> String {
        String(instant.rfc3339(inZone: event.timeZone).dropFirst(11).prefix(5))
    }

    @Test func theWorkingGroupsAreDeclaredTracksInTheOrganisersOrder() throws {
        let quattro = try #require(try SeedFiles.state().events["quattropole-2017"])
        #expect(quattro.tracks.map(\.id) == ["beschaeftigung", "bildung", "stadtteilintegration"])
        #expect(quattro.tracks.map { $0.name["de"] } == ["Beschäftigung und berufliche Eingliederung", "Bildung", "Stadtteilintegration"])
        #expect(quattro.validate().filter { !$0.isWarning }.isEmpty)
    }

    /// The documented rule (Event.effectiveEnd(of:)) on the two seed programmes.
    @Test func slotsWithoutAnEndRunUntilTheNextOneCappedElseFifteenMinutes() throws {
        let state = try SeedFiles.state()
        let quattro = try #require(state.events["quattropole-2017"])
        let ends = Dictionary(uniqueKeysWithValues: quattro.programme.map { ($0.id, local(quattro.effectiveEnd(of: $0), quattro)) })
        #expect(ends["empfang-der-teilnehmer"] == "10:00", "9:30 reception until the 10:00 opening")
        #expect(ends["austausch-mit-den-teilnehmern"] == "11:00", "a plenary item ends when the working groups start")
        #expect(ends["arbeitsgruppe-bildung"] == "12:45", "a working group runs until the plenary lunch")
        #expect(ends["mittagessen"] == "14:00")
        #expect(ends["abschlusszeremonie"] == "16:30", "nothing follows: 15 minutes")
        let assises = try #require(state.events["assises-sociales-2025"])
        let lunch = try #require(assises.slot(withId: "walking-lunch"))
        #expect(local(assises.effectiveEnd(of: lunch), assises) == "14:00", "12:00 to 14:00 is exactly the two-hour cap")
        let talk = try #require(assises.slot(withId: "criminalite-economique-et-financiere"))
        #expect(assises.effectiveEnd(of: talk) == talk.endsAt, "a published end is kept")
        // Beyond the cap: a slot at 09:00 followed only at 16:00.
        let sparse = Fixture.event(programme: [Fixture.slot("early", "09:00"), Fixture.slot("late", "16:00")])
        let early = try #require(sparse.slot(withId: "early"))
        #expect(sparse.effectiveEnd(of: early) == early.startsAt.adding(seconds: Event.maximumOpenSlotDuration))
        // Another track's slot does not end a track's slot.
        let tracks = Fixture.event(programme: [Fixture.slot("a1", "11:00", track: "a"), Fixture.slot("b1", "11:30", track: "b")])
        let a1 = try #require(tracks.slot(withId: "a1"))
        #expect(tracks.effectiveEnd(of: a1) == a1.startsAt.adding(seconds: Event.defaultSlotDuration))
    }

    @Test func undeclaredAndDuplicateTracksAndRoomsAreIssues() {
        var event = Fixture.event(programme: [Fixture.slot("a1", "11:00", track: "a")])
        event.programme[0].room = "salle"
        event.tracks.append(Track(id: "a", name: .de("Doppelt"), room: "ailleurs"))
        event.rooms = [Room(id: "salle", name: .fr("Salle"), capacity: -1), Room(id: " ", name: LocalizedText([:]))]
        event.programme.append(Fixture.slot("x1", "12:00", track: "x"))
        let messages = event.validate().filter { !$0.isWarning }.map(\.description)
        #expect(messages == [
            "rooms[0].capacity: must not be negative",
            "rooms[1].id: must not be empty",
            "rooms[1].name: must not be empty",
            "tracks[1].id: duplicate track id \"a\"",
            "tracks[1].room: unknown room \"ailleurs\" (declare it in rooms)",
            "programme[1].track: unknown track \"x\" (declare it in the event's tracks)",
        ])
    }

    @Test func aMovedSlotsRevisionMovesAndNoOtherDoes() throws {
        let created = try instant("2030-01-01T10:00:00Z"), moved = try instant("2030-02-01T10:00:00Z")
        var state = try Fixture.state(with: Fixture.event(programme: [Fixture.slot("a", "10:00", "11:00"), Fixture.slot("b", "11:00", "12:00")]))
        var event = try #require(state.events["sample-2030"])
        _ = try state.apply(Command.updateEvent(event: event).stamped(at: created))
        event = try #require(state.events["sample-2030"])
        #expect(event.programme.map(\.revision) == [0, 0], "nothing changed: nothing moves")
        _ = try state.apply(Command.updateSlot(eventId: "sample-2030", slot: Fixture.slot("a", "10:30", "11:30")).stamped(at: moved))
        event = try #require(state.events["sample-2030"])
        #expect(event.programme.map(\.revision) == [1, 0])
        #expect(event.slot(withId: "a")?.modifiedAt == moved)
        #expect(event.slot(withId: "b")?.modifiedAt == nil, "b keeps what it had")
        #expect(event.revision == 0, "the event's own fields did not change")
        // A cancellation changes every slot: each calendar entry turns CANCELLED.
        var cancelled = event
        cancelled.status = .cancelled
        _ = try state.apply(Command.updateEvent(event: cancelled).stamped(at: moved.adding(seconds: 60)))
        event = try #require(state.events["sample-2030"])
        #expect(event.programme.map(\.revision) == [2, 1])
        #expect(event.revision == 1)
    }

    @Test func aSlotsRevisionIsStoredOnceItChangedAndReadBack() throws {
        var slot = Fixture.slot("a", "10:00")
        #expect(!String(decoding: try JSONEncoder().encode(slot), as: UTF8.self).contains("revision"),
                "a slot that never changed carries no revision (journals and snapshots stay as small)")
        slot.revision = 2
        slot.modifiedAt = try instant("2030-02-01T10:00:00Z")
        #expect(try JSONDecoder().decode(ProgrammeSlot.self, from: JSONEncoder().encode(slot)) == slot)
    }

    @Test func transitionsOfLuxembourgAndParisComeFromTheRules() throws {
        let year2025 = try instant("2025-01-01T00:00:00Z")..<instant("2026-01-01T00:00:00Z")
        for zone in ["Europe/Luxembourg", "Europe/Paris"] {
            let transitions = TimeZoneRules.transitions(of: zone, in: year2025)
            #expect(transitions == [
                TimeZoneTransition(at: try instant("2025-03-30T01:00:00Z"), offsetBefore: 3600, offsetAfter: 7200),
                TimeZoneTransition(at: try instant("2025-10-26T01:00:00Z"), offsetBefore: 7200, offsetAfter: 3600),
            ], "\(zone)")
        }
        #expect(TimeZoneRules.transitions(of: "Asia/Tokyo", in: year2025).isEmpty)
        #expect(TimeZoneRules.transitions(of: "Nowhere/Else", in: year2025).isEmpty)
    }
}
