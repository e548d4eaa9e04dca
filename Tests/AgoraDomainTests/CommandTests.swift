import AgoraDomainTesting
import AgoraDomain
import FoundationEssentials
import Testing

@Suite struct CommandTests {
    private let partner = Partner(id: "cnds", name: "Comité National de Défense Sociale", kind: .association)

    @Test func eventsAreCreatedUpdatedAndDeleted() throws {
        var state = AgoraState()
        #expect(try state.run(.createEvent(event: Fixture.event())) == .created(id: "sample-2030"))
        #expect(domainError { _ = try state.applying(.createEvent(event: Fixture.event())) }
            == .conflict(.duplicateId(.event, id: "sample-2030")))
        var changed = Fixture.event()
        changed.theme = .de("Finanzen und Sicherheit")
        #expect(try state.run(.updateEvent(event: changed)) == .updated(id: "sample-2030"))
        #expect(state.events["sample-2030"]?.theme == .de("Finanzen und Sicherheit"))
        #expect(domainError { _ = try state.applying(.updateEvent(event: Fixture.event(id: "other"))) }
            == .notFound(.event, id: "other"))
        #expect(try state.run(.deleteEvent(eventId: "sample-2030")) == .deleted(id: "sample-2030"))
        #expect(state.events.isEmpty)
        #expect(domainError { _ = try state.applying(.deleteEvent(eventId: "sample-2030")) }
            == .notFound(.event, id: "sample-2030"))
    }

    @Test func invalidEventsAreRefusedWithTheirIssues() {
        var event = Fixture.event()
        event.programme = [Fixture.slot("talk", "11:00", "10:00")]
        let error = domainError { _ = try AgoraState().applying(.createEvent(event: event)) }
        #expect(error == .validation([ValidationIssue(path: "programme[0].endsAt", message: "must be after startsAt")]))
    }

    @Test func slotsAreCreatedUpdatedAndDeleted() throws {
        var state = try Fixture.state(with: Fixture.event())
        #expect(try state.run(.createSlot(eventId: "sample-2030", slot: Fixture.slot("talk", "10:00", "11:00")))
            == .created(id: "talk"))
        #expect(domainError { _ = try state.applying(.createSlot(eventId: "sample-2030", slot: Fixture.slot("talk", "12:00"))) }
            == .conflict(.duplicateId(.slot, id: "talk")))
        #expect(domainError { _ = try state.applying(.createSlot(eventId: "nope", slot: Fixture.slot("x", "12:00"))) }
            == .notFound(.event, id: "nope"))
        #expect(domainError { _ = try state.applying(.createSlot(eventId: "sample-2030", slot: Fixture.slot("x", "12:00", "11:00"))) }
            == .validation([ValidationIssue(path: "programme[1].endsAt", message: "must be after startsAt")]))
        #expect(try state.run(.updateSlot(eventId: "sample-2030", slot: Fixture.slot("talk", "10:00", "10:45")))
            == .updated(id: "talk"))
        #expect(state.events["sample-2030"]?.programme.first?.endsAt == Fixture.at("10:45"))
        #expect(domainError { _ = try state.applying(.updateSlot(eventId: "sample-2030", slot: Fixture.slot("ghost", "10:00"))) }
            == .notFound(.slot, id: "ghost"))
        #expect(try state.run(.deleteSlot(eventId: "sample-2030", slotId: "talk")) == .deleted(id: "talk"))
        #expect(state.events["sample-2030"]?.programme.isEmpty == true)
    }

    @Test func slotsWithActiveRegistrationsCannotDisappear() throws {
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules(),
                                                          programme: [Fixture.slot("group-a", "11:00", track: "a")]))
        try state.run(.register(request: Fixture.request("r1", slot: "group-a")))
        #expect(domainError { _ = try state.applying(.deleteSlot(eventId: "sample-2030", slotId: "group-a")) }
            == .conflict(.slotHasRegistrations(eventId: "sample-2030", slotId: "group-a", count: 1)))
        try state.run(.cancelRegistration(registrationId: "r1", at: Fixture.at("09:00", day: 2)))
        #expect(try state.run(.deleteSlot(eventId: "sample-2030", slotId: "group-a")) == .deleted(id: "group-a"))
    }

    @Test func partnersAreCreatedUpdatedAndDeletedAndUnlinked() throws {
        var state = AgoraState()
        #expect(try state.run(.createPartner(partner: partner)) == .created(id: "cnds"))
        #expect(domainError { _ = try state.applying(.createPartner(partner: partner)) }
            == .conflict(.duplicateId(.partner, id: "cnds")))
        var event = Fixture.event(programme: [Fixture.slot("talk", "15:00")], partnerIds: ["cnds"])
        event.programme[0].speakers = [Speaker(name: "Claudia Allar", organisation: "CNDS", partnerId: "cnds")]
        try state.run(.createEvent(event: event))
        var renamed = partner
        renamed.subUnits = ["Projet Prisma"]
        #expect(try state.run(.updatePartner(partner: renamed)) == .updated(id: "cnds"))
        #expect(state.partners["cnds"]?.subUnits == ["Projet Prisma"])
        #expect(try state.run(.deletePartner(partnerId: "cnds")) == .deleted(id: "cnds"))
        #expect(state.events["sample-2030"]?.partnerIds == [])
        #expect(state.events["sample-2030"]?.programme[0].speakers[0].partnerId == nil)
        #expect(state.events["sample-2030"]?.programme[0].speakers[0].organisation == "CNDS")
        #expect(domainError { _ = try state.applying(.updatePartner(partner: partner)) } == .notFound(.partner, id: "cnds"))
        #expect(domainError { _ = try state.applying(.deletePartner(partnerId: "cnds")) } == .notFound(.partner, id: "cnds"))
    }

    @Test func deletingAnEventDeletesItsRegistrations() throws {
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules()))
        try state.run(.register(request: Fixture.request("r1")))
        try state.run(.deleteEvent(eventId: "sample-2030"))
        #expect(state.registrations.isEmpty)
        #expect(state.registrations(ofEvent: "sample-2030").isEmpty)
    }

    @Test func errorsDescribeThemselves() {
        #expect(DomainError.notFound(.slot, id: "x").description == "No slot with id \"x\".")
        #expect(DomainError.validation([ValidationIssue(path: "programme[3].endsAt", message: "must be after startsAt")])
            .description == "Invalid: programme[3].endsAt: must be after startsAt.")
        #expect(DomainError.conflict(.registrationClosed(eventId: "quattropole-2017",
                                                         closedAt: Instant(secondsSince1970: 1_510_786_799))).description
            == "Registration for event \"quattropole-2017\" closed at 2017-11-15T22:59:59Z.")
    }

    @Test func onlyErasingCommandsAskTheStoreToCompact() {
        #expect(Command.eraseRegistration(registrationId: "r1", at: Fixture.at("09:00")).erasesPersonalData)
        #expect(Command.deleteEvent(eventId: "e").erasesPersonalData)
        #expect(!Command.cancelRegistration(registrationId: "r1", at: Fixture.at("09:00")).erasesPersonalData)
        #expect(!Command.register(request: Fixture.request("r1")).erasesPersonalData)
        #expect(!Command.createEvent(event: Fixture.event()).erasesPersonalData)
    }

    /// A busy history touching every command, with the ids and instants inside the commands.
    static let history: [Command] = {
        var slotted = Fixture.event(registration: Fixture.rules(capacity: 2, waitingList: WaitingList(capacity: 5)))
        slotted.programme = [Fixture.slot("group-a", "11:00", track: "a"), Fixture.slot("group-b", "11:00", track: "b")]
        slotted = slotted.declaringReferencedTracksAndRooms()
        return [
            .createPartner(partner: Partner(id: "cnds", name: "Comité National de Défense Sociale", kind: .association)),
            .createEvent(event: slotted),
            .createSlot(eventId: "sample-2030", slot: Fixture.slot("lunch", "12:45", kind: .meal)),
            .updateSlot(eventId: "sample-2030", slot: Fixture.slot("lunch", "12:45", "14:00", kind: .meal)),
            .register(request: Fixture.request("r1", slot: "group-a")),
            .register(request: Fixture.request("r2")),
            .register(request: Fixture.request("r3")),
            .register(request: Fixture.request("r4", slot: "group-b")),
            .cancelRegistration(registrationId: "r1", at: Fixture.at("12:00", day: 2)),
            .eraseRegistration(registrationId: "r2", at: Fixture.at("12:30", day: 2)),
            .updatePartner(partner: Partner(id: "cnds", name: "CNDS", kind: .association, subUnits: ["Prisma"])),
            .deleteSlot(eventId: "sample-2030", slotId: "lunch"),
            .createEvent(event: Fixture.event(id: "other-2030")),
            .deleteEvent(eventId: "other-2030"),
            .deletePartner(partnerId: "cnds"),
        ]
    }()

    private static func replay(_ commands: [Command]) throws -> AgoraState {
        var state = AgoraState()
        for command in commands { try state.run(command) }
        return state
    }

    @Test func replayingTheSameCommandsGivesTheSameState() throws {
        let first = try Self.replay(Self.history)
        let second = try Self.replay(Self.history)
        #expect(first == second)
        #expect(try JSONEncoderForTests.encode(first) == JSONEncoderForTests.encode(second))
        #expect(first.registrations["r3"]?.status == .confirmed)  // promoted when r1 cancelled
        #expect(first.registrations["r2"]?.isErased == true)
        // `applying` (pure) and `apply` (in place) agree.
        var viaApplying = AgoraState()
        for command in Self.history { viaApplying = try viaApplying.applying(command).state }
        #expect(viaApplying == first)
    }

    @Test func commandsSurviveAJSONRoundTrip() throws {
        let data = try JSONEncoderForTests.encode(Self.history)
        let decoded = try JSONDecoder().decode([Command].self, from: data)
        #expect(decoded == Self.history)
        #expect(try Self.replay(decoded) == Self.replay(Self.history))
    }

    @Test func commandJSONHasAStableShape() throws {
        let command = Command.cancelRegistration(registrationId: "r1", at: Instant(secondsSince1970: 1_763_626_500))
        let json = String(decoding: try JSONEncoderForTests.encode(command), as: UTF8.self)
        #expect(json == #"{"cancelRegistration":{"at":"2025-11-20T08:15:00Z","registrationId":"r1"}}"#)
        let policy = String(decoding: try JSONEncoderForTests.encode(Fixture.rules(capacity: 3, waitingList: WaitingList())), as: UTF8.self)
        #expect(policy == #"{"capacity":3,"kind":"required","waitingList":{}}"#)
    }

    @Test func stateSurvivesAJSONRoundTripIncludingItsLedgers() throws {
        let state = try Self.replay(Self.history)
        var decoded = try JSONDecoder().decode(AgoraState.self, from: JSONEncoderForTests.encode(state))
        #expect(decoded == state)
        #expect(decoded.confirmedCount(eventId: "sample-2030") == state.confirmedCount(eventId: "sample-2030"))
        #expect(decoded.waitingList(eventId: "sample-2030") == state.waitingList(eventId: "sample-2030"))
        // The decoded state keeps enforcing the rules: the e-mail of r3 is still taken.
        #expect(domainError { try decoded.run(.register(request: Fixture.request("r9", email: "r3@example.lu"))) }
            == .conflict(.alreadyRegistered(registrationId: "r3")))
        #expect(try decoded.run(.register(request: Fixture.request("r5"))) == .registered(id: "r5", .waitlisted))
    }
}
