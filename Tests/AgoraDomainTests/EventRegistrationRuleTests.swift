import AgoraDomainTesting
import AgoraDomain
import Testing

/// The registration window, the slot rule and the time boundaries as the event states them — the one place the
/// API asks (the published `open` flag, the 422 for an unknown slot, the cache's expiry) and `register` applies.
@Suite struct EventRegistrationRuleTests {
    @Test func windowVerdictsInTheOrderRegisterChecksThem() {
        let noon = Fixture.at("12:00")
        #expect(Fixture.event(registration: Fixture.rules(), status: .cancelled).registrationConflict(at: noon)
            == .eventCancelled(eventId: "sample-2030"))
        #expect(Fixture.event().registrationConflict(at: noon) == .registrationNotRequired(eventId: "sample-2030"))
        let opens = Fixture.at("13:00")
        #expect(Fixture.event(registration: Fixture.rules(opensAt: opens)).registrationConflict(at: noon)
            == .registrationNotOpenYet(eventId: "sample-2030", opensAt: opens))
        let deadline = Fixture.at("11:00")
        #expect(Fixture.event(registration: Fixture.rules(deadline: deadline)).registrationConflict(at: noon)
            == .registrationClosed(eventId: "sample-2030", closedAt: deadline))
        let over = Fixture.at("17:00")
        #expect(Fixture.event(registration: Fixture.rules()).registrationConflict(at: over)
            == .registrationClosed(eventId: "sample-2030", closedAt: over), "an event that is over takes none")
        #expect(Fixture.event(registration: Fixture.rules()).registrationConflict(at: noon) == nil)
    }

    @Test func deadlineIsInclusiveToTheSecond() {
        let deadline = Fixture.at("11:00")
        let event = Fixture.event(registration: Fixture.rules(deadline: deadline))
        #expect(event.acceptsRegistrations(at: deadline))
        #expect(!event.acceptsRegistrations(at: deadline.adding(seconds: 1)))
        #expect(event.timeBoundaries.contains(deadline.adding(seconds: 1)), "the verdict changes one second after")
    }

    @Test func nextPhaseChangeIsTheNearestBoundaryOfAnyEvent() throws {
        let opens = Fixture.at("08:00")
        var state = try Fixture.state(with: Fixture.event(registration: Fixture.rules(opensAt: opens,
                                                                                       deadline: Fixture.at("10:00"))))
        try state.run(.createEvent(event: Fixture.event(id: "other-2030")))
        #expect(state.nextPhaseChange(after: Fixture.at("07:00")) == opens)
        #expect(state.nextPhaseChange(after: opens) == Fixture.at("09:00"), "the start, strictly after now")
        #expect(state.nextPhaseChange(after: Fixture.at("09:30")) == Fixture.at("10:00").adding(seconds: 1))
        #expect(state.nextPhaseChange(after: Fixture.at("12:00")) == Fixture.at("17:00"))
        #expect(state.nextPhaseChange(after: Fixture.at("17:00")) == nil)
    }

    @Test func slotRuleIsOneRuleForTheEarlyIssueAndForRegister() throws {
        let event = Fixture.event(registration: Fixture.rules(), programme: [Fixture.slot("group-a", "11:00")])
        #expect(event.offersRegistration(forSlot: nil))
        #expect(event.offersRegistration(forSlot: "group-a"))
        #expect(!event.offersRegistration(forSlot: "group-z"))
        let state = try Fixture.state(with: event)
        #expect(state.slotIssue(ofRegistration: Fixture.request("r1", slot: "group-a")) == nil)
        #expect(state.slotIssue(ofRegistration: Fixture.request("r1")) == nil)
        #expect(state.slotIssue(ofRegistration: Fixture.request("r1", slot: "group-z"))
            == ValidationIssue(path: "slotId", message: "no slot \"group-z\" in this event's programme"))
        #expect(state.slotIssue(ofRegistration: Fixture.request("r1", event: "nowhere", slot: "group-z")) == nil,
                "an unknown event is register's 404, not a problem of the content")
        #expect(domainError { _ = try state.applying(.register(request: Fixture.request("r1", slot: "group-z"))) }
            == .notFound(.slot, id: "group-z"))
    }
}
