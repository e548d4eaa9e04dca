import AgoraAPI
import AgoraDomain
import Foundation
import Testing

@Suite("Public reads: events")
struct EventReadTests {
    @Test func defaultListIsEmptyBecauseBothSeedEventsArePast() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(response.ids.isEmpty)
        #expect(response.json["next"] is NSNull)
    }

    @Test func pastTrueListsBothByStart() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events?past=true")
        #expect(response.ids == ["quattropole-2017", "assises-sociales-2025"])
        let assises = try #require(response.items.last)
        #expect(assises["startsAt"] as? String == "2025-11-20T09:00:00+01:00")
        #expect(assises["timeZone"] as? String == "Europe/Luxembourg")
        #expect(assises["phase"] as? String == "past")
        #expect((assises["title"] as? [String: String])?["fr"] == "Assises sociales")
    }

    @Test func beforeTheEventsTheDefaultListHasThem() throws {
        let fixture = try APIFixture(now: "2017-01-01T00:00:00Z")
        #expect(fixture.get("/events").ids == ["quattropole-2017", "assises-sociales-2025"])
        // During the Assises (20 Nov 2025, Luxembourg) it is ongoing and still listed.
        let during = try APIFixture(now: "2025-11-20T12:00:00+01:00")
        let items = during.get("/events").items
        #expect(items.map { $0["id"] as? String } == ["assises-sociales-2025"])
        #expect(items.first?["phase"] as? String == "ongoing")
    }

    @Test func eventDetailHasTheSeedFactsWithAccentsIntact() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/assises-sociales-2025")
        #expect(response.status == 200)
        #expect(response.text.contains("Œuvre Nationale de Secours Grande-Duchesse Charlotte"))
        #expect(response.text.contains("Stëmm vun der Strooss"))
        let json = response.json
        #expect(json["edition"] as? Int == 5)
        #expect((json["theme"] as? [String: String])?["de"] == "Sozialer Sektor: Finanzen und Sicherheit")
        #expect((json["registrationPolicy"] as? [String: Any])?["kind"] as? String == "none")
        let programme = json["programme"] as? [[String: Any]] ?? []
        #expect(programme.first?["id"] as? String == "anmeldung-und-empfang")
        #expect(programme.first?["endsAt"] == nil, "a slot with only a start has no endsAt")
        let talk = programme.first { $0["id"] as? String == "criminalite-economique-et-financiere" }
        #expect(talk?["startsAt"] as? String == "2025-11-20T09:15:00+01:00")
        #expect(talk?["endsAt"] as? String == "2025-11-20T10:00:00+01:00")
        #expect((talk?["speakers"] as? [[String: Any]])?.first?["name"] as? String == "Yves Marson")
        #expect((json["partners"] as? [[String: Any]])?.count == 20)
    }

    @Test func unknownEventIsA404Problem() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/no-such-event")
        #expect(response.status == 404)
        #expect(response.header("Content-Type") == "application/problem+json")
        #expect(response.json["status"] as? Int == 404)
        #expect((response.json["detail"] as? String)?.contains("no-such-event") == true)
    }
}
