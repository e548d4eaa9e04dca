import AgoraDomainTesting
import AgoraDomain
import Testing

@Suite struct ValidationTests {
    private func paths(_ issues: [ValidationIssue], warnings: Bool = false) -> [String] {
        issues.filter { $0.isWarning == warnings }.map(\.path)
    }

    @Test func aValidEventHasNoIssues() {
        let event = Fixture.event(programme: [Fixture.slot("a", "09:00", "10:00"), Fixture.slot("b", "10:00")])
        #expect(event.validate().isEmpty)
    }

    @Test func slotEndMustBeAfterStart() {
        let event = Fixture.event(programme: [
            Fixture.slot("fine", "09:00", "10:00"), Fixture.slot("reversed", "11:00", "10:30"),
            Fixture.slot("empty", "12:00", "12:00"),
        ])
        let issues = event.validate().filter { !$0.isWarning }
        #expect(issues.map(\.description) == [
            "programme[1].endsAt: must be after startsAt", "programme[2].endsAt: must be after startsAt",
        ])
    }

    @Test func slotsMustLieInsideTheEventsDays() {
        let event = Fixture.event(programme: [
            Fixture.slot("day-before", "23:00", day: 14),
            Fixture.slot("late-night", "23:30", "23:59"),
            Fixture.slot("past-midnight", "23:00", "01:00", endDay: 16),
            Fixture.slot("next-day", "09:00", day: 16),
        ])
        #expect(paths(event.validate()) == [
            "programme[0].startsAt", "programme[2].endsAt", "programme[3].startsAt",
        ])
    }

    @Test func aMultiDayEventAcceptsSlotsOnEachDay() {
        var event = Fixture.event(programme: [Fixture.slot("second-day", "09:00", "10:00", day: 16)])
        #expect(!event.validate().isEmpty)
        event.endsAt = Fixture.at("17:00", day: 16)
        #expect(event.validate().isEmpty)
    }

    @Test func overlapsInOneTrackAreWarningsOnly() {
        let event = Fixture.event(programme: [
            Fixture.slot("long-talk", "15:00", "17:45"),
            Fixture.slot("reception", "16:15", kind: .reception),
            Fixture.slot("group-a", "11:00", track: "a"),
            Fixture.slot("group-b", "11:00", track: "b"),
            Fixture.slot("after", "17:45", "18:00"),
        ])
        let issues = event.validate()
        #expect(paths(issues).isEmpty)
        #expect(issues.filter(\.isWarning).map(\.description) == ["programme[1]: overlaps programme[0] (long-talk) in the same track"])
    }

    @Test func twoSlotsWithoutEndAtTheSameStartInOneTrackOverlap() {
        let first = Fixture.slot("a", "11:00")
        #expect(first.overlaps(Fixture.slot("b", "11:00")))
        #expect(!first.overlaps(Fixture.slot("c", "11:01")))
        #expect(Fixture.slot("d", "10:00", "11:00").overlaps(Fixture.slot("e", "10:30", "12:00")))
        #expect(!Fixture.slot("d", "10:00", "11:00").overlaps(Fixture.slot("e", "11:00", "12:00")))
    }

    @Test func reportsEveryProblemWithItsPath() {
        var event = Fixture.event(id: "Not A Slug", registration: Fixture.rules(
            capacity: -1, waitingList: WaitingList(capacity: -2),
            opensAt: Fixture.at("10:00", day: 10), deadline: Fixture.at("09:00", day: 10)))
        event.title = LocalizedText(["fr": "  "])
        event.timeZone = "Europe/Atlantis"
        event.defaultLanguage = "french"
        event.endsAt = Fixture.at("08:00")
        event.edition = 0
        event.contacts = [Contact(name: "Jade", email: "jade.porcherot[at]granderegion.net")]
        event.venue = Venue(name: "Hall", country: "Luxembourg", website: "www.example.lu")
        event.partnerIds = ["a", "a"]
        event.programme = [Fixture.slot("x", "09:00"), Fixture.slot("x", "10:00")]
        event.programme[0].speakers = [Speaker(name: " ")]
        event.programme[0].spokenLanguage = "Deutsch"
        let found = Set(paths(event.validate()))
        let expected: Set<String> = [
            "id", "title", "timeZone", "defaultLanguage", "endsAt", "edition", "contacts[0].email",
            "venue.country", "venue.website", "partnerIds[1]", "programme[1].id", "programme[0].speakers[0].name",
            "programme[0].spokenLanguage", "registration.capacity", "registration.waitingList.capacity",
            "registration.deadline",
        ]
        #expect(found == expected)
    }

    @Test func stateChecksPartnerReferences() throws {
        var event = Fixture.event(partnerIds: ["known", "unknown"])
        event.programme = [Fixture.slot("talk", "10:00")]
        event.programme[0].speakers = [Speaker(name: "Claudia Allar", organisation: "CNDS", partnerId: "ghost")]
        var state = AgoraState()
        try state.run(.createPartner(partner: Partner(id: "known", name: "Known", kind: .association)))
        #expect(paths(state.validate(event)) == ["partnerIds[1]", "programme[0].speakers[0].partnerId"])
        let error = domainError { _ = try state.applying(.createEvent(event: event)) }
        #expect(error == .validation([
            ValidationIssue(path: "partnerIds[1]", message: "unknown partner \"unknown\""),
            ValidationIssue(path: "programme[0].speakers[0].partnerId", message: "unknown partner \"ghost\""),
        ]))
    }

    @Test func warningsDoNotBlockCommandsButAreListed() throws {
        let event = Fixture.event(programme: [Fixture.slot("talk", "15:00", "17:45"), Fixture.slot("drinks", "16:15")])
        let state = try Fixture.state(with: event)
        #expect(state.events["sample-2030"]?.programme.count == 2)
        #expect(state.warnings().map(\.path) == ["events[sample-2030].programme[1]"])
    }

    @Test func partnerAndRequestValidation() {
        let partner = Partner(id: "Bad Id", name: "", kind: .association, subUnits: [""], website: "ftp://x")
        #expect(Set(partner.validate().map(\.path)) == ["id", "name", "subUnits[0]", "website"])
        let request = RegistrationRequest(id: "a b", eventId: "e", name: " ", email: "someone[at]example.lu",
                                          language: "francais", requestedAt: Fixture.at("09:00"))
        #expect(Set(request.validate().map(\.path)) == ["id", "name", "email", "language"])
    }
}

@Suite struct EmptyLocalizedTextTests {
    /// Found by the contract test: `"description": {}` was stored and then served as an empty object, which no
    /// language preference can resolve to a string.
    @Test func anOptionalTextWithNoLanguageIsRefused() {
        var partner = Partner(id: "cjf", name: "Caritas Jeunes et Familles", kind: .association)
        #expect(partner.validate().isEmpty)
        partner.description = LocalizedText([:])
        #expect(partner.validate().map(\.description) == ["description: must have at least one language (omit it instead)"])
        partner.description = LocalizedText(["fr": "Service pour jeunes"])
        #expect(partner.validate().isEmpty)
    }
}

@Suite struct WebAddressTests {
    /// Found by the contract test: `"website": "https://āý\u{0F}?¯n"` was accepted and served as a link.
    @Test func aWebsiteWithControlCharactersIsRefused() {
        var partner = Partner(id: "hellef", name: "Hëllef um Terrain", kind: .association)
        for website in ["https://www.example.lu/a\u{0F}b", "https://exa\u{7F}mple.lu", "https://example.lu/\u{85}"] {
            partner.website = website
            #expect(partner.validate().map(\.description) == ["website: must be an http(s) URL"], "\(website)")
        }
        partner.website = "https://www.hëllef.lu/équipe"
        #expect(partner.validate().isEmpty)
    }
}
