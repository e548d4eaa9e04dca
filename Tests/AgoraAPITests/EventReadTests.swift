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

@Suite("Public reads: /events filters and pagination")
struct EventFilterTests {
    @Test func rangeIncludesPastEventsAndDatesAreReadInTheEventsZone() throws {
        let fixture = try APIFixture()
        #expect(fixture.get("/events?from=2025-01-01").ids == ["assises-sociales-2025"])
        #expect(fixture.get("/events?to=2018-01-01").ids == ["quattropole-2017"])
        #expect(fixture.get("/events?from=2025-11-20&to=2025-11-20").ids == ["assises-sociales-2025"])
        #expect(fixture.get("/events?from=2025-11-21").ids.isEmpty)
        // The Assises end 20 Nov; at 18:00 Luxembourg time they still run (no end time: the day counts).
        #expect(fixture.get("/events?from=2025-11-20T18:00:00%2B01:00").ids == ["assises-sociales-2025"])
        #expect(fixture.get("/events?to=2025-11-20T08:59:59%2B01:00&from=2025-01-01").ids.isEmpty)
        #expect(fixture.get("/events?to=2025-11-20T09:00:00%2B01:00&from=2025-01-01").ids == ["assises-sociales-2025"])
    }

    @Test func fullTextIsAccentInsensitiveOverTitlesSpeakersAndPartners() throws {
        let fixture = try APIFixture()
        #expect(fixture.get("/events?q=oeuvre&past=true").ids == ["assises-sociales-2025"], "partner name with Œ")
        #expect(fixture.get("/events?q=%C5%92UVRE&past=true").ids == ["assises-sociales-2025"])
        #expect(fixture.get("/events?q=Marson&past=true").ids == ["assises-sociales-2025"], "speaker")
        #expect(fixture.get("/events?q=zuwanderung&past=true").ids == ["quattropole-2017"], "theme")
        #expect(fixture.get("/events?q=stemm+strooss&past=true").ids == ["assises-sociales-2025"], "every word")
        #expect(fixture.get("/events?q=nothing-like-this&past=true").ids.isEmpty)
        #expect(fixture.get("/events?q=oeuvre&past=false").ids.isEmpty, "the default window still applies")
    }

    @Test func seriesAndCity() throws {
        let fixture = try APIFixture()
        #expect(fixture.get("/events?series=quattropole&past=true").ids == ["quattropole-2017"])
        #expect(fixture.get("/events?series=Assises%20sociales&past=true").ids == ["assises-sociales-2025"])
        #expect(fixture.get("/events?city=metz&past=true").ids == ["quattropole-2017"], "Metz cedex 1")
        #expect(fixture.get("/events?city=luxembourg&past=true").ids == ["assises-sociales-2025"])
    }

    @Test func cursorPaginationWithLinkAndNext() throws {
        let fixture = try APIFixture()
        let first = fixture.get("/events?past=true&limit=1")
        #expect(first.ids == ["quattropole-2017"])
        let next = try #require(first.json["next"] as? String)
        #expect(next.hasPrefix("/events?"))
        #expect(next.contains("past=true") && next.contains("limit=1") && next.contains("cursor="))
        #expect(first.header("Link") == "<\(next)>; rel=\"next\"")
        let second = fixture.get(next)
        #expect(second.ids == ["assises-sociales-2025"])
        #expect(second.json["next"] is NSNull)
        #expect(second.header("Link") == nil)
    }

    @Test func badParametersAre400ProblemsNamingTheParameter() throws {
        let fixture = try APIFixture()
        for (query, parameter) in [("limit=0", "limit"), ("limit=101", "limit"), ("limit=ten", "limit"),
                                   ("from=20-11-2025", "from"), ("to=2025-02-30", "to"), ("past=maybe", "past"),
                                   ("cursor=zz", "cursor"), ("cursor=00", "cursor"), ("lang=f_r", "lang")] {
            let response = fixture.get("/events?\(query)")
            #expect(response.status == 400, "\(query)")
            #expect(response.header("Content-Type") == "application/problem+json")
            #expect(response.json["parameter"] as? String == parameter, "\(query)")
            #expect((response.json["detail"] as? String)?.contains(parameter) == true)
        }
        let reversed = fixture.get("/events?from=2025-12-01&to=2025-01-01")
        #expect(reversed.status == 400)
        #expect((reversed.json["detail"] as? String)?.contains("from=2025-12-01") == true)
    }
}
