import AgoraDomain
import AgoraExports
import AgoraStore
import Foundation
import Testing
import TestSupport
@testable import AgoraAPI

/// Issue 16: the representation cache is invalidated by what a command changes, not by every sequence number —
/// a registration keeps every entry, an event or partner write drops them — and never serves bytes (or a 304)
/// that a fresh render from the current state would not give.
@Suite("Cache invalidation by what changed")
struct CacheInvalidationTests {
    static let eventId = "cache-2030"
    static let paths = ["/events/\(eventId)", "/events/\(eventId)/partners", "/events/\(eventId)/programme",
                        "/partners", "/partners/arcus", "/events?past=true", "/programme?past=true",
                        "/events/\(eventId)?lang=fr", "/events/\(eventId)/calendar.ics",
                        "/events/assises-sociales-2025", "/events/assises-sociales-2025.jsonld"]

    /// The seed plus an event open for registration (capacity 2 and a waiting list) with the seed's partner arcus.
    static func fixture() async throws -> APIFixture {
        let fixture = try APIFixture()
        let at = { (text: String) in Instant(rfc3339: text) ?? Instant(secondsSince1970: 0) }
        let event = Event(id: eventId, title: .fr("Journée du cache"), startsAt: at("2030-06-15T09:00:00+02:00"),
                          endsAt: at("2030-06-15T17:00:00+02:00"), timeZone: "Europe/Luxembourg",
                          defaultLanguage: "fr",
                          registration: .required(RegistrationRules(capacity: 2, waitingList: WaitingList())),
                          partnerIds: ["arcus"])
        try await fixture.write(.createEvent(event: event))
        return fixture
    }

    static func register(_ fixture: APIFixture, _ number: Int) async throws {
        try await fixture.write(.register(request: RegistrationRequest(
            id: "reg-\(number)", eventId: eventId, name: "Person \(number)", email: "p\(number)@example.lu",
            requestedAt: fixture.clock.now)))
    }

    /// What a GET of `path` would give with no cache at all: rendered from the store's state now.
    static func fresh(_ fixture: APIFixture, _ path: String) throws -> (body: [UInt8], etag: String) {
        let request = APIFixture.request(.get, path)
        let resource: ReadResource = switch path.split(separator: "?").first.map(String.init) ?? path {
        case "/partners": .partners(request)
        case "/partners/arcus": .partner(id: "arcus")
        case "/events": .events(request)
        case "/programme": .slots(request)
        case "/events/\(eventId)/partners": .eventPartners(eventId: eventId)
        case "/events/\(eventId)/programme": .programme(eventId: eventId)
        case "/events/\(eventId)/calendar.ics": .eventCalendar(eventId: eventId)
        case "/events/assises-sociales-2025.jsonld": .linkedData(eventId: "assises-sociales-2025")
        case "/events/\(eventId)/availability": .availability(eventId: eventId)
        case let other: .event(id: String(other.dropFirst("/events/".count)))
        }
        let language: LanguagePreference = path.hasSuffix("lang=fr") ? .ranked(["fr"]) : .all
        let rendered = try resource.render(fixture.store.state, at: fixture.clock.now, in: language,
                                           links: ExportLinks(base: APISettings.defaultPublicURL))
        return (rendered.body, EntityTag(body: rendered.body, contentLanguage: rendered.contentLanguage).description)
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func aRegistrationKeepsEveryCachedRepresentation() async throws {
        let fixture = try await Self.fixture()
        let before = Self.paths.map { fixture.get($0) }
        #expect(fixture.api.cache.count == Self.paths.count)
        let rendered = fixture.api.cache.stored

        try await Self.register(fixture, 1)

        // The same entries answer: nothing was dropped, and the next reads add none (before issue 16 the moved
        // sequence emptied the cache, and every read rendered again).
        for (path, earlier) in zip(Self.paths, before) {
            let after = fixture.get(path, [("If-None-Match", earlier.header("ETag") ?? "")])
            #expect(after.status == 304, "\(path): a registration changes no public representation")
            #expect(try Self.fresh(fixture, path).etag == earlier.header("ETag"), "\(path)")
        }
        #expect(fixture.api.cache.stored == rendered, "no read rendered again")
    }

    @Test func anEventWriteChangesTheEventsTagButNotThePartnersList() async throws {
        let fixture = try await Self.fixture()
        let event = fixture.get("/events/\(Self.eventId)")
        let partners = fixture.get("/partners")
        try await Self.register(fixture, 1)
        var changed = try #require(fixture.store.state.events[Self.eventId])
        changed.title = .fr("Journée du cache, nouveau titre")
        try await fixture.write(.updateEvent(event: changed))

        let eventAfter = fixture.get("/events/\(Self.eventId)", [("If-None-Match", event.header("ETag") ?? "")])
        #expect(eventAfter.status == 200)
        #expect(eventAfter.header("ETag") != event.header("ETag"))
        #expect(eventAfter.text.contains("nouveau titre"))
        #expect(eventAfter.text == Self.text(try Self.fresh(fixture, "/events/\(Self.eventId)").body))
        let partnersAfter = fixture.get("/partners", [("If-None-Match", partners.header("ETag") ?? "")])
        #expect(partnersAfter.status == 304)
        #expect(partnersAfter.header("ETag") == partners.header("ETag"))
    }

    /// Property: over random sequences of registrations, cancellations, erasures, event, slot and partner writes
    /// and clock moves, every read answers the bytes and tag of a fresh render, and a 304 exactly when the tag the
    /// client holds is the fresh one.
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func neverServesBytesAFreshRenderWouldNot(seed: UInt64) async throws {
        let fixture = try await Self.fixture()
        var random = SplitMix64(seed: seed)
        var held: [String: String] = [:]
        var registrations: [String] = []
        // The availability changes with every registration: its entry is dropped alone (`cacheScope`).
        let paths = Self.paths + ["/events/\(Self.eventId)/availability", "/events/\(Self.eventId)/availability?lang=fr"]
        var instants = ["2026-11-23T12:00:30Z", "2030-06-15T08:59:59+02:00", "2030-06-15T09:00:00+02:00",
                        "2030-06-15T12:00:00+02:00", "2030-06-15T17:00:00+02:00", "2030-06-16T00:00:00+02:00"]
        for step in 0..<80 {
            switch random.next() % 8 {
            case 0, 1, 2:
                // Refused once the window closes (the clock moves past the event): a refusal commits nothing.
                if (try? await Self.register(fixture, step)) != nil { registrations.append("reg-\(step)") }
            case 3 where !registrations.isEmpty:
                let id = registrations.remove(at: Int(random.next() % UInt64(registrations.count)))
                _ = try? await fixture.write(random.next() % 2 == 0 ? .cancelRegistration(registrationId: id, at: fixture.clock.now)
                                                                    : .eraseRegistration(registrationId: id, at: fixture.clock.now))
            case 4:
                var arcus = try #require(fixture.store.state.partners["arcus"])
                arcus.name = "Arcus \(step)"
                try await fixture.write(.updatePartner(partner: arcus))
            case 5:
                var event = try #require(fixture.store.state.events[Self.eventId])
                event.title = .fr("Journée \(step)")
                try await fixture.write(.updateEvent(event: event))
            case 6:
                let at = { (text: String) in Instant(rfc3339: text) ?? Instant(secondsSince1970: 0) }
                let slot = ProgrammeSlot(id: "slot-\(step)", startsAt: at("2030-06-15T10:00:00+02:00"),
                                         endsAt: at("2030-06-15T11:00:00+02:00"), kind: .talk, title: .fr("Exposé \(step)"))
                try await fixture.write(.createSlot(eventId: Self.eventId, slot: slot))
            default:
                // Forward only, as a clock goes: across the event's start and end (phase changes by time alone).
                if let next = instants.first {
                    instants.removeFirst()
                    fixture.clock.set(next)
                }
            }
            for _ in 0..<3 {
                let path = paths[Int(random.next() % UInt64(paths.count))]
                let expected = try Self.fresh(fixture, path)
                if let tag = held[path] {
                    let revalidated = fixture.get(path, [("If-None-Match", tag)])
                    #expect(revalidated.status == (tag == expected.etag ? 304 : 200), "step \(step) \(path)")
                    if revalidated.status == 200 { #expect(revalidated.text == Self.text(expected.body), "step \(step) \(path)") }
                }
                let read = fixture.get(path)
                #expect(read.text == Self.text(expected.body), "step \(step) \(path)")
                #expect(read.header("ETag") == expected.etag, "step \(step) \(path)")
                held[path] = read.header("ETag")
            }
        }
    }
}
