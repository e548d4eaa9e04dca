import AgoraDomainTesting
import AgoraDomain
import Testing

@Suite struct QueryTests {
    let seeded: AgoraState

    init() throws {
        seeded = try SeedFiles.state()
    }

    private func instant(_ text: String) throws -> Instant {
        try #require(Instant(rfc3339: text))
    }

    @Test func upcomingAndPastDependOnNow() throws {
        let before2017 = try instant("2017-01-01T00:00:00Z")
        #expect(seeded.upcomingEvents(at: before2017).map(\.id) == ["quattropole-2017", "assises-sociales-2025"])
        #expect(seeded.pastEvents(at: before2017).isEmpty)
        let in2020 = try instant("2020-01-01T00:00:00Z")
        #expect(seeded.upcomingEvents(at: in2020).map(\.id) == ["assises-sociales-2025"])
        // During the 2025 day the event is ongoing, so still listed as not past...
        let duringAssises = try instant("2025-11-20T18:30:00+01:00")
        #expect(seeded.events["assises-sociales-2025"]?.phase(at: duringAssises) == .ongoing)
        #expect(seeded.upcomingEvents(at: duringAssises).map(\.id) == ["assises-sociales-2025"])
        // ...and past from local midnight, since the source gives no end time.
        let afterAssises = try instant("2025-11-21T00:00:00+01:00")
        #expect(seeded.pastEvents(at: afterAssises).map(\.id) == ["assises-sociales-2025", "quattropole-2017"])
        // QuattroPole ends at 17:00 as published.
        let quattro = try #require(seeded.events["quattropole-2017"])
        #expect(quattro.phase(at: try instant("2017-11-22T16:59:59+01:00")) == .ongoing)
        #expect(quattro.phase(at: try instant("2017-11-22T17:00:00+01:00")) == .past)
    }

    /// Issue 10 item 10 changed this test: slots starting together (group-b, group-a) used to be sorted by track;
    /// they now keep the order the programme gives them, which is what the organiser meant.
    @Test func slotsComeInTimeOrderAndSlotsStartingTogetherInTheGivenOrder() throws {
        var event = Fixture.event(programme: [
            Fixture.slot("late", "16:00"), Fixture.slot("early", "09:00", "10:00"),
            Fixture.slot("group-b", "11:00", track: "b"), Fixture.slot("group-a", "11:00", track: "a"),
            Fixture.slot("open-end", "09:00"),
        ])
        event.programme.append(Fixture.slot("mid", "12:00", "13:00"))
        let state = try Fixture.state(with: event)
        #expect(state.slotsInTimeOrder(ofEvent: "sample-2030").map(\.id)
            == ["early", "open-end", "group-b", "group-a", "mid", "late"])
        let tracks = state.programmeByTrack(ofEvent: "sample-2030")
        #expect(tracks.map(\.track) == [nil, "b", "a"])
        #expect(tracks.map { $0.slots.map(\.id) } == [["early", "open-end", "mid", "late"], ["group-b"], ["group-a"]])
        #expect(state.programmeByTrack(ofEvent: "unknown").isEmpty)
    }

    @Test func mainTrackComesFirstEvenWhenAParallelTrackStartsEarlier() throws {
        let state = try Fixture.state(with: Fixture.event(programme: [
            Fixture.slot("plenary", "10:00"), Fixture.slot("early-workshop", "09:00", track: "w"),
        ]))
        #expect(state.programmeByTrack(ofEvent: "sample-2030").map(\.track) == [nil, "w"])
    }

    @Test func partnersOfAnEventAndEventsOfAPartner() throws {
        #expect(seeded.partners(ofEvent: "assises-sociales-2025").count == 20)
        #expect(seeded.partners(ofEvent: "quattropole-2017").isEmpty)
        #expect(seeded.events(ofPartner: "inter-actions").map(\.id) == ["assises-sociales-2025"])
        #expect(seeded.events(ofPartner: "nobody").isEmpty)
        // A partner only on stage (not in the partner list) still finds its event.
        var state = seeded
        let university = Partner(id: "2l2s", name: "2L2S", kind: .research)
        try state.run(.createPartner(partner: university))
        var quattro = try #require(state.events["quattropole-2017"])
        quattro.programme[2].speakers[0].partnerId = "2l2s"
        try state.run(.updateEvent(event: quattro))
        #expect(state.events(ofPartner: "2l2s").map(\.id) == ["quattropole-2017"])
    }

    @Test(arguments: [
        ("oeuvre", ["assises-sociales-2025"]),          // partner name "Œuvre Nationale…"
        ("zeralda", ["assises-sociales-2025"]),         // partner sub-unit "Atelier Zeralda"
        ("SCHLAIFMILLEN", ["assises-sociales-2025"]),
        ("criminalite", ["assises-sociales-2025"]),     // talk title
        ("Castagna", ["assises-sociales-2025"]),        // speaker
        ("premier commissaire", ["assises-sociales-2025"]), // speaker role, two words
        ("zuwanderung", ["quattropole-2017"]),          // theme
        ("gree", ["quattropole-2017"]),                 // speaker organisation
        ("metz", ["quattropole-2017"]),                 // venue and description
        ("sozial", ["quattropole-2017", "assises-sociales-2025"]),
        ("strooss vun", ["assises-sociales-2025"]),
        ("zeralda metz", []),
        ("atlantis", []),
    ])
    func accentInsensitiveSearch(_ query: String, _ expected: [String]) {
        #expect(seeded.searchEvents(matching: query).map(\.id) == expected)
    }

    @Test func searchingPartners() {
        #expect(seeded.searchPartners(matching: "oeuvre").map(\.id) == ["oeuvre-nationale-de-secours-grande-duchesse-charlotte"])
        #expect(seeded.searchPartners(matching: "streetwork").map(\.id) == ["cjf", "inter-actions"])
        #expect(seeded.searchPartners(matching: "hellef").map(\.name)
            == ["Fondation Jugend- an Drogenhëllef", "Hëllef um Terrain", "Stëftung Hëllef Doheem", "Wunnengshëllef"])
        #expect(seeded.searchEvents(matching: "  ").count == 2)
    }

    @Test func partnersSortByFoldedName() {
        let names = seeded.partnersByName.map(\.name)
        #expect(names.first == "4 Motion")
        #expect(names.firstIndex(of: "Œuvre Nationale de Secours Grande-Duchesse Charlotte")
            == names.firstIndex(of: "Ligue médico-sociale").map { $0 + 1 })
    }
}
