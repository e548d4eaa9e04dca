import Foundation
import Testing
import TestSupport

/// Issue 11 over a real socket: a slot moved through the admin API moves its own SEQUENCE and the feed's ETag and no
/// other slot's; a registration's calendar needs its token and holds what the person signed up for.
@Suite("Calendar feeds")
struct CalendarFeedTests {
    /// `UID` → `SEQUENCE` of each VEVENT.
    private func sequences(_ reply: HTTPReply) -> [String: String] {
        var result: [String: String] = [:]
        var uid: String?
        for line in reply.text.replacing("\r\n ", with: "").split(separator: "\r\n") {
            if line.hasPrefix("UID:") { uid = String(line.dropFirst(4)) }
            if line.hasPrefix("SEQUENCE:"), let uid { result[uid] = String(line.dropFirst(9)) }
        }
        return result
    }

    @Test func aMovedSlotMovesItsSequenceAndTheETagOnly() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let event = "/events/\(WriteFixture.openEvent)"
        let created = try fixture.request("POST", event + "/programme", headers: auth,
                                          body: #"{"id":"pause","startsAt":"2030-06-15T12:00:00+02:00","kind":"break","title":{"fr":"Pause"}}"#)
        #expect(created.status == 201)
        let before = try fixture.request("GET", event + "/calendar.ics")
        #expect(before.header("Content-Type") == "text/calendar; charset=utf-8")
        let tag = try #require(try fixture.request("GET", event + "/programme").header("ETag"))
        let moved = try fixture.request("PATCH", event + "/programme/wg-1", headers: auth + [("If-Match", tag)],
                                        body: #"{"startsAt":"2030-06-15T10:30:00+02:00","endsAt":"2030-06-15T11:30:00+02:00"}"#,
                                        contentType: "application/merge-patch+json")
        #expect(moved.status == 200)
        let after = try fixture.request("GET", event + "/calendar.ics")
        #expect(after.header("ETag") != before.header("ETag"))
        let (old, new) = (sequences(before), sequences(after))
        #expect(old["wg-1.open-2030@agora"] == "0")
        #expect(new["wg-1.open-2030@agora"] == "1")
        #expect(new["pause.open-2030@agora"] == old["pause.open-2030@agora"])
        #expect(new["open-2030@agora"] == old["open-2030@agora"], "the event's own entry did not change")
        // A write that changes nothing of a slot leaves its SEQUENCE (an event patch touching only the series).
        let eventTag = try #require(try fixture.request("GET", event).header("ETag"))
        _ = try fixture.request("PATCH", event, headers: auth + [("If-Match", eventTag)], body: #"{"series":"Journées"}"#,
                                contentType: "application/merge-patch+json")
        let third = sequences(try fixture.request("GET", event + "/calendar.ics"))
        #expect(third["wg-1.open-2030@agora"] == "1")
        #expect(third["open-2030@agora"] == "1", "the event's own field changed")
    }

    @Test func aRegistrationsCalendarNeedsItsTokenAndHoldsWhatWasChosen() throws {
        let fixture = try WriteFixture()
        let receipt = try fixture.register("zoe@example.lu", extra: #","slotId":"wg-1""#)
        #expect(receipt.status == 201)
        let id = try #require(receipt.json["id"] as? String)
        let token = try #require(receipt.json["cancellationToken"] as? String)
        let link = (receipt.json["links"] as? [String: String])?["calendar"]
        #expect(link == "/registrations/\(id)/calendar.ics?token=\(token)")
        let path = "/registrations/\(id)/calendar.ics"
        #expect(try fixture.request("GET", path).status == 401)
        #expect(try fixture.request("GET", path + "?token=nope").status == 401)
        #expect(try fixture.request("GET", path + "?token=\(token)&x=1").status == 400)
        let calendar = try fixture.request("GET", try #require(link))
        #expect(calendar.status == 200)
        #expect(calendar.header("Cache-Control") == "no-store")
        #expect(calendar.header("Content-Type") == "text/calendar; charset=utf-8")
        #expect(Set(sequences(calendar).keys) == ["open-2030@agora", "wg-1.open-2030@agora"])
        let bearer = try fixture.request("GET", path, headers: [("Authorization", "Bearer \(token)")])
        #expect(bearer.body == calendar.body)
        #expect(try fixture.request("GET", "/registrations/nobody/calendar.ics?token=\(token)").status == 404)
    }
}
