import Foundation
import Testing
@testable import AgoraAPI

/// Issue 11: `GET /events/{id}` and `GET /programme` negotiate their media type (RFC 9110 §12.5.1): `text/calendar`
/// answers the bytes of the .ics route, an Accept we cannot serve a 406 listing the types we can.
@Suite("Media-type negotiation")
struct RepresentationChoiceTests {
    static let event = "/events/assises-sociales-2025"

    @Test func textCalendarIsTheIcsRouteByteForByte() throws {
        let fixture = try APIFixture()
        let ics = fixture.get(Self.event + "/calendar.ics?lang=fr")
        #expect(ics.status == 200)
        #expect(ics.header("Content-Type") == "text/calendar; charset=utf-8")
        let negotiated = fixture.get(Self.event + "?lang=fr", [("Accept", "text/calendar")])
        #expect(negotiated.status == 200)
        #expect(negotiated.body == ics.body)
        #expect(negotiated.header("ETag") == ics.header("ETag"))
        #expect(negotiated.header("Content-Type") == "text/calendar; charset=utf-8")
        #expect(negotiated.header("Vary") == "Accept")
        #expect(ics.header("Vary") == nil, "the .ics route names its type")
        let tag = try #require(ics.header("ETag"))
        #expect(fixture.get(Self.event + "?lang=fr", [("Accept", "text/calendar"), ("If-None-Match", tag)]).status == 304)

        let programme = fixture.get("/programme.ics?past=true&track=bildung")
        #expect(programme.status == 200)
        #expect(fixture.get("/programme?past=true&track=bildung", [("Accept", "text/calendar")]).body == programme.body)
    }

    /// Search engines (issue 11): `application/ld+json` answers the bytes and ETag of `/events/{id}.jsonld`.
    @Test func linkedDataIsTheJsonldRouteByteForByte() throws {
        let fixture = try APIFixture()
        let jsonld = fixture.get(Self.event + ".jsonld?lang=fr")
        #expect(jsonld.status == 200)
        #expect(jsonld.header("Content-Type") == "application/ld+json")
        #expect(jsonld.header("Vary") == nil, "the .jsonld route names its type")
        let negotiated = fixture.get(Self.event + "?lang=fr", [("Accept", "application/ld+json")])
        #expect(negotiated.body == jsonld.body)
        #expect(negotiated.header("ETag") == jsonld.header("ETag"))
        #expect(negotiated.header("Content-Type") == "application/ld+json")
        #expect(negotiated.header("Vary") == "Accept")
        #expect(jsonld.json["@type"] as? String == "Event")
        // A browser's Accept gets the event's HTML page (issue 14: `text/html` ranks above `*/*`); one preferring
        // JSON gets the JSON.
        let browser = fixture.get(Self.event, [("Accept", "text/html, application/xhtml+xml, */*;q=0.8")])
        #expect(browser.header("Content-Type") == "text/html; charset=utf-8")
        let json = fixture.get(Self.event, [("Accept", "application/json, application/ld+json;q=0.5")])
        #expect(json.header("Content-Type") == "application/json; charset=utf-8")
    }

    @Test func qualityValuesAndWildcardsDecide() throws {
        let fixture = try APIFixture()
        let json = "application/json; charset=utf-8", calendar = "text/calendar; charset=utf-8"
        let cases: [(String?, String)] = [
            (nil, json), ("*/*", json), ("text/*", calendar), ("application/*", json),
            ("text/calendar;q=0.5, application/json", json),
            ("application/json;q=0.1, text/*", calendar),
            ("text/calendar;q=0, */*", json),
            ("application/json;q=0, */*", calendar), // the specific q=0 wins over */* for JSON (§12.5.1)
            ("text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8", "text/html; charset=utf-8"), // a browser
            ("application/xml;q=0.9, */*;q=0.8", json),
            ("TEXT/Calendar", calendar), ("garbage", json), (";;;", json),
        ]
        for (accept, expected) in cases {
            let response = fixture.get(Self.event, accept.map { [("Accept", $0)] } ?? [])
            #expect(response.status == 200, "\(accept ?? "none")")
            #expect(response.header("Content-Type") == expected, "\(accept ?? "none")")
            #expect(response.header("Vary") == "Accept", "\(accept ?? "none")")
        }
    }

    @Test func anUnservableTypeIs406ListingTheTypesWeServe() throws {
        let fixture = try APIFixture()
        // An event is also served as schema.org JSON-LD (issue 11); the programme is not.
        let served = [Self.event: "application/json, text/calendar, application/ld+json, text/html",
                      "/programme?past=true": "application/json, text/calendar"]
        for (path, types) in served {
            let refused = fixture.get(path, [("Accept", "application/xml, text/calendar;q=0")])
            #expect(refused.status == 406, "\(path)")
            #expect(refused.header("Content-Type") == "application/problem+json")
            #expect(refused.json["available"] as? [String] == types.components(separatedBy: ", "), "\(path)")
            let german = fixture.get(path, [("Accept", "image/png"), ("Accept-Language", "de")])
            #expect(german.json["detail"] as? String
                == "Diese Ressource ist verfügbar als \(types); der Accept-Header lässt keinen dieser Typen zu.")
        }
        // A resource with one type ignores Accept, as before.
        #expect(fixture.get("/partners", [("Accept", "image/png")]).status == 200)
        #expect(fixture.get(Self.event + "/calendar.ics", [("Accept", "application/json")]).header("Content-Type")
            == "text/calendar; charset=utf-8")
    }

    @Test func mediaRangesParse() {
        let ranges = MediaRange.ranges(ofAccept: "text/calendar;charset=utf-8;q=0.5;ext=1, */json, text/*;q=2, */*;q=0.001")
        #expect(ranges == [MediaRange(type: "text", subtype: "calendar", quality: 500),
                           MediaRange(type: "*", subtype: "*", quality: 1)])
    }
}
