import AgoraDomain
import Foundation
import Testing
@testable import AgoraAPI

/// The event page and its programme written straight into their buffers (`Representation.eventBody`,
/// `programmeBody`, issue 16) against the trees they replace on `GET /events/{id}` and `…/programme`
/// (`Representation.event`, still what a write replies with, and `programmePage`): the same bytes — so the same
/// ETag — and the same `Content-Language`, for every seed event, language choice and moment, and for variants of
/// each event that leave out or add every optional member.
@Suite struct EventWritingTests {
    static func seedState() throws -> AgoraState {
        let directory = APIFixture.repository.appendingPathComponent("Config/seed")
        let documents = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            .filter { $0.hasSuffix(".json") }
            .map { try SeedDocument(json: Data(contentsOf: directory.appendingPathComponent($0))) }
        return try Seed.state(from: documents)
    }

    static let preferences: [LanguagePreference] = [
        .all, .ranked(["de"]), .ranked(["fr"]), .ranked(["en"]), .ranked(["lb", "de"]), .ranked(["de-LU"]),
        .ranked(["it"]), .ranked(["it", "fr"]), .ranked(["FR-be", "de"]), .ranked([]),
    ]

    static let moments = ["2017-01-01T00:00:00Z", "2025-11-01T00:00:00Z", "2025-11-20T10:00:00Z", "2026-11-23T12:00:00Z"]
        .compactMap { Instant(rfc3339: $0) }

    /// Each seed event as it is, and with its optional members taken away or filled in.
    static func variants(of event: Event) -> [Event] {
        var bare = event
        bare.series = nil
        bare.edition = nil
        bare.theme = nil
        bare.endsAt = nil
        bare.venue = nil
        bare.description = nil
        bare.programmeNote = nil
        bare.accessibility = nil
        bare.openToPublic = nil
        bare.interpretation = []
        bare.organisers = []
        bare.contacts = []
        bare.participatingServices = []
        bare.registration = .none
        var full = event
        full.series = full.series ?? "série \"spéciale\""
        full.edition = full.edition ?? 7
        full.openToPublic = !(full.openToPublic ?? false)
        full.venue = Venue(name: "Salle\n\"Robert\" \\ Krieps", street: "3, rue", postalCode: "L-1", city: "Lëtzebuerg",
                           country: "LU", phone: "+352", website: "https://example.lu",
                           geo: full.venue?.geo)
        full.contacts.append(Contact(name: "Ana", role: LocalizedText(["de": "Leitung", "fr": "Direction", "lb": "Chef"]),
                                     organisation: "Asbl", phone: "1", email: "ana@example.lu"))
        full.participatingServices.append(LocalizedText(["it": "Servizio"]))
        var waiting = full
        waiting.registration = .required(RegistrationRules(opensAt: event.startsAt.adding(seconds: -86_400 * 30),
                                                            deadline: event.startsAt.adding(seconds: -3600),
                                                            capacity: 40, waitingList: WaitingList(),
                                                            externalURL: "https://example.lu/inscription"))
        var limited = bare
        limited.registration = .required(RegistrationRules(waitingList: WaitingList(capacity: 5)))
        return [event, bare, full, waiting, limited]
    }

    @Test func theWrittenPageIsTheTreesEncodingByteForByte() throws {
        let state = try Self.seedState()
        #expect(state.events.count >= 2)
        for seedEvent in state.events.values {
            for event in Self.variants(of: seedEvent) {
                for preference in Self.preferences {
                    for now in Self.moments {
                        var tree = Representation(state: state, now: now, language: preference)
                        let expected = tree.event(event).bytes
                        var written = Representation(state: state, now: now, language: preference)
                        let bytes = written.eventBody(event)
                        #expect(bytes == expected, "\(event.id) \(preference) \(now): \(String(decoding: bytes, as: UTF8.self))")
                        #expect(written.contentLanguage == tree.contentLanguage, "\(event.id) \(preference)")
                    }
                }
            }
        }
    }

    @Test func theWrittenProgrammeIsTheTreesEncodingByteForByte() throws {
        let state = try Self.seedState()
        for event in state.events.values {
            for preference in Self.preferences {
                for now in Self.moments {
                    var tree = Representation(state: state, now: now, language: preference)
                    let expected = tree.programmePage(of: event).bytes
                    var written = Representation(state: state, now: now, language: preference)
                    let bytes = written.programmeBody(event)
                    #expect(bytes == expected, "\(event.id) \(preference): \(String(decoding: bytes, as: UTF8.self))")
                    #expect(written.contentLanguage == tree.contentLanguage, "\(event.id) \(preference)")
                }
            }
        }
    }

    /// What a client gets: `GET /events/{id}` answers the written bytes, with the ETag a write's reply (the tree)
    /// carries.
    @Test func theResourceServesTheWrittenPage() throws {
        let state = try Self.seedState()
        let now = try #require(Instant(rfc3339: "2026-11-23T12:00:00Z"))
        for id in state.events.keys {
            for preference in Self.preferences {
                let rendered = try ReadResource.event(id: id).render(state, at: now, in: preference)
                var tree = Representation(state: state, now: now, language: preference)
                #expect(rendered.body == tree.event(try #require(state.events[id])).bytes)
                #expect(rendered.contentLanguage == tree.contentLanguage)
                let programme = try ReadResource.programme(eventId: id).render(state, at: now, in: preference)
                var programmeTree = Representation(state: state, now: now, language: preference)
                #expect(programme.body == programmeTree.programmePage(of: try #require(state.events[id])).bytes)
                #expect(programme.contentLanguage == programmeTree.contentLanguage)
            }
        }
    }
}
