import AgoraDomain
import Foundation
import Testing
import TestSupport
@testable import AgoraAPI

/// Issue 11, the schedule model: tracks and rooms are named things the JSON shows, writes check references to them
/// with pointed 422s in the reader's language.
@Suite("Schedule model: tracks and rooms")
struct ScheduleModelTests {
    static let groups = ["Beschäftigung und berufliche Eingliederung", "Bildung", "Stadtteilintegration"]

    @Test func theQuattroPoleWorkingGroupsAreTracksWithTheirNames() throws {
        let fixture = try APIFixture()
        let event = fixture.get("/events/quattropole-2017").json
        let tracks = event["tracks"] as? [[String: Any]] ?? []
        #expect(tracks.compactMap { $0["id"] as? String } == ["beschaeftigung", "bildung", "stadtteilintegration"])
        #expect(tracks.compactMap { ($0["name"] as? [String: String])?["de"] } == Self.groups)
        #expect(event["rooms"] as? [Any] != nil)
        let programme = event["programme"] as? [[String: Any]] ?? []
        let named = programme.filter { $0["track"] != nil }.compactMap { ($0["trackName"] as? [String: String])?["de"] }
        #expect(named == Self.groups)
        // In one language, a string; in the programme's grouping and across events too.
        let grouped = fixture.get("/events/quattropole-2017/programme?lang=de").json["tracks"] as? [[String: Any]] ?? []
        #expect(grouped.compactMap { $0["name"] as? String } == Self.groups, "the main programme has no name")
        let slots = fixture.get("/programme?event=quattropole-2017&track=bildung&lang=fr").items
        #expect(slots.map { $0["trackName"] as? String } == ["Bildung"], "German is all there is")
    }

    @Test func slotsWithoutAnEndKeepNoneInJSON() throws {
        let fixture = try APIFixture()
        let items = fixture.get("/events/quattropole-2017/programme").items
        let opening = try #require(items.first { $0["id"] as? String == "empfang-der-teilnehmer" })
        #expect(opening["endsAt"] == nil)
    }

    @Test func referencesToUndeclaredTracksAndRoomsAre422sPointedAndTranslated() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let programme = "/events/\(WriteFixture.openEvent)/programme"
        let body = #"{"id":"neu","startsAt":"2030-06-15T14:00:00+02:00","kind":"workingGroup","title":{"de":"Neu"},"track":"jugend","room":"Z"}"#
        let english = try fixture.request("POST", programme, headers: auth, body: body)
        #expect(english.status == 422)
        #expect(english.pointers == ["/track", "/room"])
        let details = { (reply: HTTPReply) in (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String } }
        #expect(details(english) == [#"unknown track "jugend" (declare it in the event's tracks)"#,
                                     #"unknown room "Z" (declare it in rooms)"#])
        let german = try fixture.request("POST", programme, headers: auth + [("Accept-Language", "de")], body: body)
        #expect(details(german) == ["unbekannter Strang „jugend“ (in den tracks der Veranstaltung anlegen)",
                                    "unbekannter Raum „Z“ (in rooms anlegen)"])
        let french = try fixture.request("POST", programme, headers: auth + [("Accept-Language", "fr")], body: body)
        #expect(details(french) == ["parcours inconnu « jugend » (le déclarer dans les tracks de l’événement)",
                                    "salle inconnue « Z » (la déclarer dans rooms)"])

        // Declared first (an event patch), the same slot is accepted; its track's room is where it meets.
        let event = "/events/\(WriteFixture.openEvent)"
        let declare = #"{"tracks":[{"id":"a","name":{"de":"A"}},{"id":"jugend","name":{"de":"Jugend"},"room":"Z"}],"rooms":[{"id":"B","name":{"fr":"Salle B"}},{"id":"Z","name":{"de":"Zimmer Z"},"capacity":20}]}"#
        let declared = try fixture.request("PATCH", event, headers: auth, body: declare, contentType: "application/merge-patch+json")
        #expect(declared.status == 200)
        let created = try fixture.request("POST", programme, headers: auth, body: body.replacingOccurrences(of: #","room":"Z""#, with: ""))
        #expect(created.status == 201)
        #expect((created.json["roomName"] as? [String: String])?["de"] == "Zimmer Z")

        // The event's own lists are checked too, pointed into the patch.
        let broken = #"{"tracks":[{"id":"a","name":{"de":"A"}},{"id":"a","name":{"de":"B"},"room":"nowhere"}]}"#
        let refused = try fixture.request("PATCH", event, headers: auth, body: broken, contentType: "application/merge-patch+json")
        #expect(refused.status == 422)
        #expect(refused.pointers.contains("/tracks/1/id"))
        #expect(refused.pointers.contains("/tracks/1/room"))
        #expect(refused.pointers.contains(""), "the programme's jugend slot lost its track: not in the patch, so the body")
    }
}
