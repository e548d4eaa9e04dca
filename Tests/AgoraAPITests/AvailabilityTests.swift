import AgoraDomain
import Foundation
import Testing
@testable import AgoraAPI

/// Issues 12 and 14: `GET /events/{id}/availability` publishes an event's registration counts — the one public
/// representation a registration changes — and the change feed reports each registration or cancellation as an
/// `availability` update of it, never with anything of the registrant; every other representation and cached
/// entry stays as it was.
@Suite("Availability")
struct AvailabilityTests {
    static let eventId = CacheInvalidationTests.eventId
    static let path = "/events/\(eventId)/availability"

    static func cancel(_ fixture: APIFixture, _ number: Int) async throws {
        try await fixture.write(.cancelRegistration(registrationId: "reg-\(number)", at: fixture.clock.now))
    }

    static func waiting(_ json: [String: Any]) -> [String: Any] { json["waitingList"] as? [String: Any] ?? [:] }

    @Test func countsFollowRegistrationsThroughWaitingListAndFull() async throws {
        // Capacity 2, a waiting list of 1.
        let fixture = try await CacheInvalidationTests.fixture()
        var event = try #require(fixture.store.state.events[Self.eventId])
        event.registration = .required(RegistrationRules(capacity: 2, waitingList: WaitingList(capacity: 1)))
        try await fixture.write(.updateEvent(event: event))

        let empty = fixture.get(Self.path)
        #expect(empty.status == 200)
        #expect(empty.header("Cache-Control") == "public, max-age=\(APISettings().cacheMaxAge)")
        #expect(empty.json["eventId"] as? String == Self.eventId)
        #expect(empty.json["registration"] as? String == "required")
        #expect(empty.json["open"] as? Bool == true)
        #expect(empty.json["capacity"] as? Int == 2)
        #expect(empty.json["confirmed"] as? Int == 0)
        #expect(empty.json["remaining"] as? Int == 2)
        #expect(Self.waiting(empty.json)["waiting"] as? Int == 0)
        #expect(Self.waiting(empty.json)["remaining"] as? Int == 1)
        #expect(empty.json["status"] as? String == "open")

        var statuses: [String] = []
        for number in 1...3 {
            try await CacheInvalidationTests.register(fixture, number)
            statuses.append(fixture.get(Self.path).json["status"] as? String ?? "")
        }
        #expect(statuses == ["open", "waitingList", "full"])
        let full = fixture.get(Self.path)
        #expect(full.json["confirmed"] as? Int == 2)
        #expect(full.json["remaining"] as? Int == 0)
        #expect(Self.waiting(full.json)["waiting"] as? Int == 1)
        #expect(Self.waiting(full.json)["remaining"] as? Int == 0)
        // What the domain says next: a fourth registration is refused.
        await #expect(throws: (any Error).self) { try await CacheInvalidationTests.register(fixture, 4) }

        // A confirmed cancellation gives the seat to the one waiting: the waiting list has room again.
        try await Self.cancel(fixture, 1)
        let promoted = fixture.get(Self.path)
        #expect(promoted.json["confirmed"] as? Int == 2)
        #expect(Self.waiting(promoted.json)["waiting"] as? Int == 0)
        #expect(promoted.json["status"] as? String == "waitingList")
        // A second one frees a confirmed place.
        try await Self.cancel(fixture, 2)
        let freed = fixture.get(Self.path)
        #expect(freed.json["confirmed"] as? Int == 1)
        #expect(freed.json["remaining"] as? Int == 1)
        #expect(freed.json["status"] as? String == "open")
        #expect(!freed.text.contains("Person") && !freed.text.contains("@example.lu"), "counts only")
    }

    @Test func aRegistrationChangesTheAvailabilityTagAndNoOther() async throws {
        let fixture = try await CacheInvalidationTests.fixture()
        let others = ["/events/\(Self.eventId)", "/events/\(Self.eventId)/programme", "/partners"]
        let before = others.map { fixture.get($0) }
        let availability = fixture.get(Self.path)
        let rendered = fixture.api.cache.stored
        // Linked from the event, whose tag does not follow the counts.
        let policy = before[0].json["registrationPolicy"] as? [String: Any]
        #expect(policy?["availability"] as? String == Self.path)

        try await CacheInvalidationTests.register(fixture, 1)

        let revalidated = fixture.get(Self.path, [("If-None-Match", availability.header("ETag") ?? "")])
        #expect(revalidated.status == 200, "the cached availability was dropped")
        #expect(revalidated.header("ETag") != availability.header("ETag"))
        #expect(revalidated.json["confirmed"] as? Int == 1)
        #expect(revalidated.json["remaining"] as? Int == 1)
        for (path, earlier) in zip(others, before) {
            let after = fixture.get(path, [("If-None-Match", earlier.header("ETag") ?? "")])
            #expect(after.status == 304, "\(path) keeps its tag across a registration")
        }
        #expect(fixture.api.cache.stored == rendered + 1, "only the availability rendered again")
        let again = fixture.get(Self.path, [("If-None-Match", revalidated.header("ETag") ?? "")])
        #expect(again.status == 304)

        // HEAD and an unknown parameter, as on every public read.
        #expect(fixture.send(.head, Self.path).status == 200)
        #expect(fixture.get(Self.path + "?since=1").status == 400)
        #expect(fixture.get("/events/no-such-event/availability").status == 404)
    }

    @Test func anEventWithoutRegistrationHasNoCounts() throws {
        let fixture = try APIFixture()
        let eventId = try #require(fixture.store.state.events.values.first { $0.registration == .none }?.id)
        let json = fixture.get("/events/\(eventId)/availability").json
        #expect(json["registration"] as? String == "none")
        #expect(json["status"] as? String == "noRegistration")
        #expect(json["open"] as? Bool == false)
        #expect(json["confirmed"] == nil && json["capacity"] == nil && json["waitingList"] == nil)
    }

    @Test func theFeedReportsEachRegistrationAsAnAvailabilityUpdateWithoutPersonalData() async throws {
        let fixture = try await CacheInvalidationTests.fixture()
        let start = fixture.store.sequence
        let count = 3
        for number in 1...count { try await CacheInvalidationTests.register(fixture, number) }
        try await Self.cancel(fixture, 1)
        try await fixture.write(.eraseRegistration(registrationId: "reg-2", at: fixture.clock.now))

        let feed = fixture.get("/changes?since=\(start)&event=\(Self.eventId)")
        #expect(feed.status == 200)
        let changes = feed.json["changes"] as? [[String: Any]] ?? []
        // N registrations and a cancellation are N + 1 updates; the erasure changed no count.
        #expect(changes.count == count + 1)
        #expect(changes.map { $0["sequence"] as? Int } == (1...(count + 1)).map { Int(start) + $0 })
        for change in changes {
            let entity = change["entity"] as? [String: Any] ?? [:]
            #expect(entity["type"] as? String == "availability")
            #expect(entity["id"] as? String == Self.eventId)
            #expect(change["kind"] as? String == "updated")
            #expect(change["path"] as? String == Self.path)
        }
        #expect(changes.last?["etag"] as? String == fixture.get(Self.path).header("ETag"))
        for number in 1...count {
            #expect(!feed.text.contains("Person \(number)") && !feed.text.contains("p\(number)@example.lu"))
        }
        #expect(!feed.text.contains("reg-"), "no registration id either")
    }
}
