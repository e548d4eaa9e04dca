import AgoraAPI
import AgoraDomain
import Foundation
import Testing
import TestSupport

@Suite("Public reads: programme and partners")
struct ProgrammeAndPartnerTests {
    @Test func eventProgrammeInTimeOrderWithParallelWorkingGroupsMarked() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/quattropole-2017/programme")
        #expect(response.status == 200)
        #expect(response.json["timeZone"] as? String == "Europe/Paris")
        let items = response.items
        #expect(items.count == 11)
        let starts = items.compactMap { $0["startsAt"] as? String }
        #expect(starts == starts.sorted())
        #expect(starts.first == "2017-11-22T09:30:00+01:00")
        let groups = items.filter { $0["track"] != nil }
        #expect(groups.compactMap { $0["track"] as? String }.sorted() == ["beschaeftigung", "bildung", "stadtteilintegration"])
        #expect(groups.allSatisfy { $0["parallel"] as? Bool == true })
        #expect(items.filter { $0["track"] == nil }.allSatisfy { $0["parallel"] as? Bool == false })
        let tracks = response.json["tracks"] as? [[String: Any]] ?? []
        #expect(tracks.first?["track"] is NSNull, "the main programme first")
        #expect(tracks.count == 4)
        let closing = items.first { $0["id"] as? String == "abschlussrunde-und-ausblick-auf-die-kuenftigen-arbeiten" }
            ?? items.first { ($0["id"] as? String)?.hasPrefix("abschlussrunde") == true }
        #expect((closing?["speakers"] as? [[String: Any]])?.count == 4)
    }

    /// Issue 10 item 10: parallel slots come in the order the organiser gave them, not sorted by id or track.
    @Test func parallelSlotsKeepTheOrganisersOrder() async throws {
        let fixture = try APIFixture()
        let start = try #require(Instant(rfc3339: "2017-11-22T14:00:00+01:00"))
        let end = try #require(Instant(rfc3339: "2017-11-22T15:30:00+01:00"))
        // Tracks are declared before slots name them (issue 11), in the organiser's order.
        var event = try #require(fixture.store.state.events["quattropole-2017"])
        event.tracks += ["wohnen", "gesundheit", "jugend"].map { Track(id: $0, name: .de($0.capitalized)) }
        try await fixture.write(.updateEvent(event: event))
        for group in ["wohnen", "gesundheit", "jugend"] {
            try await fixture.write(.createSlot(eventId: "quattropole-2017", slot: ProgrammeSlot(
                id: "arbeitsgruppe-\(group)", startsAt: start, endsAt: end, kind: .workingGroup,
                title: .de(group.capitalized), track: group)))
        }
        let given = ["arbeitsgruppe-wohnen", "arbeitsgruppe-gesundheit", "arbeitsgruppe-jugend"]
        let programme = fixture.get("/events/quattropole-2017/programme")
        #expect(programme.ids.filter(given.contains) == given)
        let tracks = (programme.json["tracks"] as? [[String: Any]] ?? []).compactMap { $0["track"] as? String }
        #expect(tracks == ["beschaeftigung", "bildung", "stadtteilintegration", "wohnen", "gesundheit", "jugend"])
        let detail = fixture.get("/events/quattropole-2017").json["programme"] as? [[String: Any]] ?? []
        #expect(detail.compactMap { $0["id"] as? String }.filter(given.contains) == given)
        #expect(fixture.get("/programme?event=quattropole-2017&date=2017-11-22").ids.filter(given.contains) == given)
        // Time order still comes first: the seed's working groups (11:00) before these (14:00).
        #expect(programme.ids.firstIndex(of: "arbeitsgruppe-bildung") ?? 99 < programme.ids.firstIndex(of: "arbeitsgruppe-wohnen") ?? 0)
    }

    @Test func programmeAcrossEventsFiltersByDateEventTrackAndRange() throws {
        let fixture = try APIFixture()
        #expect(fixture.get("/programme").items.isEmpty, "both events are past")
        let all = fixture.get("/programme?past=true").items
        #expect(all.count == 18)
        #expect(all.first?["eventId"] as? String == "quattropole-2017")
        #expect(all.first?["timeZone"] as? String == "Europe/Paris")

        let day = fixture.get("/programme?date=2025-11-20").items
        #expect(day.count == 7)
        #expect(day.allSatisfy { $0["eventId"] as? String == "assises-sociales-2025" })
        #expect(day.first?["startsAt"] as? String == "2025-11-20T09:00:00+01:00")

        #expect(fixture.get("/programme?event=quattropole-2017&track=bildung").items.map { $0["id"] as? String }
                == ["arbeitsgruppe-bildung"])
        // From 15:00 on the 20th: the running 15:00-17:45 session and the 16:15 reception.
        let afternoon = fixture.get("/programme?from=2025-11-20T15:30:00%2B01:00&to=2025-11-20").items
        #expect(afternoon.map { $0["id"] as? String } == ["sicherheitskraefte-in-der-sozialen-arbeit", "abschlussempfang"])
        #expect(fixture.get("/programme?event=nope").status == 404)
        #expect(fixture.get("/programme?date=2025-11-20T10:00:00Z").status == 400)
    }

    @Test func partnersListAndDetailWithEvents() throws {
        let fixture = try APIFixture()
        let list = fixture.get("/partners")
        #expect(list.items.count == 20)
        #expect(list.text.contains("Œuvre Nationale de Secours Grande-Duchesse Charlotte"))
        #expect(list.text.contains("Stëmm vun der Strooss"))
        #expect(fixture.get("/partners?q=oeuvre").ids == ["oeuvre-nationale-de-secours-grande-duchesse-charlotte"])

        let detail = fixture.get("/partners/stemm-vun-der-strooss")
        #expect(detail.status == 200)
        #expect(detail.json["name"] as? String == "Stëmm vun der Strooss")
        let events = detail.json["events"] as? [[String: Any]] ?? []
        #expect(events.map { $0["id"] as? String } == ["assises-sociales-2025"])
        #expect(fixture.get("/partners/nobody").status == 404)

        let ofEvent = fixture.get("/events/assises-sociales-2025/partners")
        #expect(ofEvent.items.count == 20)
        #expect(ofEvent.ids.first == "4-motion", "in the order the event lists them")
        #expect(fixture.get("/events/quattropole-2017/partners").items.isEmpty)
    }

    @Test func openAPIDocumentsServedFromSettingsOr404() throws {
        let yaml = "openapi: 3.1.0\ninfo:\n  title: Agora\n"
        let fixture = try APIFixture(settings: APISettings(openAPIYAML: Array(yaml.utf8), openAPIJSON: nil))
        let served = fixture.get("/openapi.yaml")
        #expect(served.status == 200)
        #expect(served.text == yaml)
        #expect(served.header("Content-Type") == "application/yaml")
        let etag = try #require(served.header("ETag"))
        #expect(fixture.get("/openapi.yaml", [("If-None-Match", etag)]).status == 304)
        let missing = fixture.get("/openapi.json")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "application/problem+json")
        #expect(try APIFixture().get("/openapi.yaml").status == 404, "not configured")
        // Issue 10 item 7: the documents take no query parameter either.
        let withQuery = fixture.get("/openapi.yaml?format=json")
        #expect(withQuery.status == 400)
        #expect(withQuery.json["parameter"] as? String == "format")

        // Built once with the API: every answer is the same value, headers included.
        let again = fixture.get("/openapi.yaml")
        #expect(again.status == 200)
        #expect(again.text == yaml)
        #expect(again.header("ETag") == etag)
        #expect(again.header("Cache-Control") == "public, max-age=60")
        let revalidated = fixture.get("/openapi.yaml", [("If-None-Match", etag)])
        #expect(revalidated.header("Content-Type") == nil)
        #expect(revalidated.header("ETag") == etag)
    }
}
