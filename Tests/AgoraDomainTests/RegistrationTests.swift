import AgoraDomainTesting
import AgoraDomain
import FoundationEssentials
import Testing

@Suite struct RegistrationTests {
    private func state(_ policy: RegistrationPolicy, programme: [ProgrammeSlot] = []) throws -> AgoraState {
        try Fixture.state(with: Fixture.event(registration: policy, programme: programme))
    }

    @Test func confirmsUntilCapacityThenWaitlistsThenRefuses() throws {
        var state = try state(Fixture.rules(capacity: 2, waitingList: WaitingList(capacity: 1)))
        #expect(try state.run(.register(request: Fixture.request("r1"))) == .registered(id: "r1", .confirmed))
        #expect(try state.run(.register(request: Fixture.request("r2"))) == .registered(id: "r2", .confirmed))
        #expect(try state.run(.register(request: Fixture.request("r3"))) == .registered(id: "r3", .waitlisted))
        let full = domainError { _ = try state.applying(.register(request: Fixture.request("r4"))) }
        #expect(full == .conflict(.eventFull(eventId: "sample-2030")))
        #expect(state.confirmedCount(eventId: "sample-2030") == 2)
        #expect(state.waitingList(eventId: "sample-2030") == ["r3"])
    }

    @Test func fullWithoutWaitingListIsRefused() throws {
        var state = try state(Fixture.rules(capacity: 1))
        try state.run(.register(request: Fixture.request("r1")))
        let error = domainError { _ = try state.applying(.register(request: Fixture.request("r2"))) }
        #expect(error == .conflict(.eventFull(eventId: "sample-2030")))
    }

    @Test func cancellationPromotesTheFirstWaitlisted() throws {
        var state = try state(Fixture.rules(capacity: 1, waitingList: WaitingList()))
        for id in ["r1", "r2", "r3"] { try state.run(.register(request: Fixture.request(id))) }
        let outcome = try state.run(.cancelRegistration(registrationId: "r1", at: Fixture.at("08:00", day: 2)))
        #expect(outcome == .cancelled(id: "r1", promoted: "r2"))
        #expect(state.registrations["r1"]?.status == .cancelled)
        #expect(state.registrations["r1"]?.cancelledAt == Fixture.at("08:00", day: 2))
        #expect(state.registrations["r2"]?.status == .confirmed)
        #expect(state.registrations["r3"]?.status == .waitlisted)
        #expect(state.confirmedCount(eventId: "sample-2030") == 1)
        #expect(state.waitingList(eventId: "sample-2030") == ["r3"])
    }

    @Test func promotionOrderHoldsThroughALongWaitingList() throws {
        var state = try state(Fixture.rules(capacity: 1, waitingList: WaitingList()))
        for index in 0..<3000 { try state.run(.register(request: Fixture.request("r\(index)"))) }
        let cancelledAt = Fixture.at("08:00", day: 2)
        for index in 0..<2000 {
            let outcome = try state.run(.cancelRegistration(registrationId: "r\(index)", at: cancelledAt))
            #expect(outcome == .cancelled(id: "r\(index)", promoted: "r\(index + 1)"))
        }
        try state.run(.cancelRegistration(registrationId: "r2500", at: cancelledAt))
        let expected = (2001..<3000).filter { $0 != 2500 }.map { "r\($0)" }
        #expect(state.waitingList(eventId: "sample-2030") == expected)
        #expect(state.confirmedCount(eventId: "sample-2030") == 1)
        let decoded = try JSONDecoder().decode(AgoraState.self, from: JSONEncoderForTests.encode(state))
        #expect(decoded.waitingList(eventId: "sample-2030") == expected)
    }

    @Test func cancellingAWaitlistedPlacePromotesNobody() throws {
        var state = try state(Fixture.rules(capacity: 1, waitingList: WaitingList()))
        for id in ["r1", "r2", "r3"] { try state.run(.register(request: Fixture.request(id))) }
        #expect(try state.run(.cancelRegistration(registrationId: "r2", at: Fixture.at("08:00", day: 2)))
            == .cancelled(id: "r2", promoted: nil))
        #expect(state.waitingList(eventId: "sample-2030") == ["r3"])
        let twice = domainError { _ = try state.applying(.cancelRegistration(registrationId: "r2", at: Fixture.at("09:00"))) }
        #expect(twice == .conflict(.alreadyCancelled(registrationId: "r2")))
    }

    @Test func raisingCapacityPromotesWaitingRegistrations() throws {
        var state = try state(Fixture.rules(capacity: 1, waitingList: WaitingList()))
        for id in ["r1", "r2", "r3"] { try state.run(.register(request: Fixture.request(id))) }
        var event = try #require(state.events["sample-2030"])
        event.registration = Fixture.rules(capacity: 2, waitingList: WaitingList())
        try state.run(.updateEvent(event: event))
        #expect(state.registrations["r2"]?.status == .confirmed)
        #expect(state.waitingList(eventId: "sample-2030") == ["r3"])
        event.registration = Fixture.rules(capacity: 1, waitingList: WaitingList())
        let error = domainError { _ = try state.applying(.updateEvent(event: event)) }
        #expect(error == .conflict(.capacityBelowConfirmed(eventId: "sample-2030", confirmed: 2)))
    }

    @Test func registrationIsImpossibleWithPolicyNone() throws {
        let state = try state(.none)
        let error = domainError { _ = try state.applying(.register(request: Fixture.request("r1"))) }
        #expect(error == .conflict(.registrationNotRequired(eventId: "sample-2030")))
    }

    @Test func openingTimeAndDeadlineAreEnforced() throws {
        let opens = Fixture.at("09:00", day: 1)
        let deadline = Fixture.at("23:59", day: 10)
        var state = try state(Fixture.rules(opensAt: opens, deadline: deadline))
        let early = domainError {
            _ = try state.applying(.register(request: Fixture.request("early", at: opens.adding(seconds: -1))))
        }
        #expect(early == .conflict(.registrationNotOpenYet(eventId: "sample-2030", opensAt: opens)))
        #expect(try state.run(.register(request: Fixture.request("first", at: opens))) == .registered(id: "first", .confirmed))
        #expect(try state.run(.register(request: Fixture.request("last", at: deadline))) == .registered(id: "last", .confirmed))
        let late = domainError {
            _ = try state.applying(.register(request: Fixture.request("late", at: deadline.adding(seconds: 1))))
        }
        #expect(late == .conflict(.registrationClosed(eventId: "sample-2030", closedAt: deadline)))
    }

    @Test func registrationClosesWhenTheEventIsOverEvenWithoutDeadline() throws {
        let state = try state(Fixture.rules())
        let error = domainError {
            _ = try state.applying(.register(request: Fixture.request("r1", at: Fixture.at("17:00"))))
        }
        #expect(error == .conflict(.registrationClosed(eventId: "sample-2030", closedAt: Fixture.at("17:00"))))
    }

    @Test func cancelledEventsRefuseRegistrations() throws {
        let state = try Fixture.state(with: Fixture.event(registration: Fixture.rules(), status: .cancelled))
        let error = domainError { _ = try state.applying(.register(request: Fixture.request("r1"))) }
        #expect(error == .conflict(.eventCancelled(eventId: "sample-2030")))
    }

    @Test func unknownEventSlotAndDuplicatesAreReported() throws {
        var state = try state(Fixture.rules(), programme: [Fixture.slot("group-a", "11:00", track: "a")])
        #expect(domainError { _ = try state.applying(.register(request: Fixture.request("r1", event: "nope"))) }
            == .notFound(.event, id: "nope"))
        #expect(domainError { _ = try state.applying(.register(request: Fixture.request("r1", slot: "group-z"))) }
            == .notFound(.slot, id: "group-z"))
        try state.run(.register(request: Fixture.request("r1", email: "Ana@Example.lu", slot: "group-a")))
        #expect(domainError { _ = try state.applying(.register(request: Fixture.request("r1"))) }
            == .conflict(.duplicateId(.registration, id: "r1")))
        #expect(domainError {
            _ = try state.applying(.register(request: Fixture.request("r2", email: "ana@example.LU", slot: "group-a")))
        } == .conflict(.alreadyRegistered(registrationId: "r1")))
        // The same person may join the event itself besides the working group.
        #expect(try state.run(.register(request: Fixture.request("r3", email: "ana@example.lu"))) == .registered(id: "r3", .confirmed))
        #expect(domainError { _ = try state.applying(.cancelRegistration(registrationId: "zz", at: Fixture.at("09:00"))) }
            == .notFound(.registration, id: "zz"))
    }

    @Test func invalidRequestsReportEveryField() throws {
        let state = try state(Fixture.rules())
        var request = Fixture.request("r1")
        request.name = ""
        request.email = "nobody"
        let error = domainError { _ = try state.applying(.register(request: request)) }
        #expect(error == .validation([
            ValidationIssue(path: "name", message: "must not be empty"),
            ValidationIssue(path: "email", message: "not an e-mail address"),
        ]))
    }

    @Test func erasureRemovesPersonalDataButKeepsTheCount() throws {
        var state = try state(Fixture.rules(capacity: 1, waitingList: WaitingList()))
        try state.run(.register(request: Fixture.request("r1", email: "ana@example.lu")))
        try state.run(.register(request: Fixture.request("r2")))
        let erasedAt = Fixture.at("10:00", day: 3)
        #expect(try state.run(.eraseRegistration(registrationId: "r1", at: erasedAt)) == .erased(id: "r1"))
        let record = try #require(state.registrations["r1"])
        #expect(record.personalData == nil && record.isErased && record.erasedAt == erasedAt)
        #expect(record.status == .confirmed)
        #expect(state.confirmedCount(eventId: "sample-2030") == 1)
        #expect(state.registrations(ofEvent: "sample-2030").map(\.id) == ["r1", "r2"])
        // Nothing personal is left anywhere in the encoded state.
        let json = String(decoding: try JSONEncoderForTests.encode(state), as: UTF8.self)
        #expect(!json.contains("ana@example.lu") && !json.contains("Person r1") && !json.contains("Asbl r1"))
        // An erased registration can still be cancelled and its place goes to the waiting list.
        #expect(try state.run(.cancelRegistration(registrationId: "r1", at: erasedAt)) == .cancelled(id: "r1", promoted: "r2"))
        #expect(try state.run(.eraseRegistration(registrationId: "r1", at: erasedAt.adding(seconds: 60))) == .erased(id: "r1"))
        #expect(state.registrations["r1"]?.erasedAt == erasedAt)
    }

    @Test func failedCommandsLeaveTheStateUnchanged() throws {
        var state = try state(Fixture.rules(capacity: 1))
        try state.run(.register(request: Fixture.request("r1")))
        let before = state
        #expect(throws: DomainError.self) { try state.run(.register(request: Fixture.request("r2"))) }
        #expect(state == before)
        #expect(state.registrationSequence == 1)
    }
}
