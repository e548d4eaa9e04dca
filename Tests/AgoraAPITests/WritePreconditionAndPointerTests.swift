import Foundation
import Testing
import TestSupport

/// Issue #10 items 12 and 13, over a real socket: a 412 says which ETag it wanted when the client sent the tag of a
/// language variant or of the neighbouring resource (nothing changed then), and a write's 422 points into the request
/// the client sent, not into the event the domain validated.
@Suite("Write preconditions and pointers")
struct WritePreconditionAndPointerTests {
    static let patch = "application/merge-patch+json"

    @Test func theTagOfALanguageVariantIsNamedNotCalledStale() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let event = "/events/\(WriteFixture.openEvent)"
        let french = try #require(try fixture.request("GET", event + "?lang=fr").header("ETag"))
        let stored = try #require(try fixture.request("GET", event).header("ETag"))
        #expect(french != stored)
        let refused = try fixture.request("PATCH", event, headers: auth + [("If-Match", french)],
                                          body: #"{"series":"Journées"}"#, contentType: Self.patch)
        #expect(refused.status == 412)
        #expect(refused.json["detail"] as? String
            == "If-Match must be the ETag of GET \(event) without ?lang (the stored representation, every language); "
                + "you sent the ETag of the language variant GET \(event)?lang=fr. Nothing has changed: GET \(event) "
                + "without ?lang and send its ETag.")
        // Variant tags are not accepted (PreconditionMismatch says why); the stored one is.
        let written = try fixture.request("PATCH", event, headers: auth + [("If-Match", stored)],
                                          body: #"{"series":"Journées"}"#, contentType: Self.patch)
        #expect(written.status == 200)
        // A tag that was current once is stale, and said so.
        let stale = try fixture.request("PATCH", event, headers: auth + [("If-Match", stored)],
                                        body: #"{"series":"Encore"}"#, contentType: Self.patch)
        #expect(stale.status == 412)
        #expect((stale.json["detail"] as? String ?? "").contains("it changed since you read it"))
    }

    @Test func theEventsTagOnASlotWriteIsNamed() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let event = "/events/\(WriteFixture.openEvent)"
        let eventTag = try #require(try fixture.request("GET", event).header("ETag"))
        let refused = try fixture.request("PATCH", event + "/programme/wg-1", headers: auth + [("If-Match", eventTag)],
                                          body: #"{"room":"B"}"#, contentType: Self.patch)
        #expect(refused.status == 412)
        #expect(refused.json["detail"] as? String
            == "If-Match must be the ETag of GET \(event)/programme; you sent the ETag of GET \(event). "
                + "Programme slots are matched against the programme's ETag, events against the event's.")
        let programmeTag = try #require(try fixture.request("GET", event + "/programme?lang=de").header("ETag"))
        let variant = try fixture.request("DELETE", event + "/programme/wg-1", headers: auth + [("If-Match", programmeTag)])
        #expect(variant.status == 412)
        #expect((variant.json["detail"] as? String ?? "").contains("GET \(event)/programme?lang=de"))
    }

    @Test func slotIssuesPointIntoTheSlotSent() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let programme = "/events/\(WriteFixture.openEvent)/programme"
        let outside = #""startsAt":"2030-06-16T10:00:00+02:00","endsAt":"2030-06-16T11:00:00+02:00""#
        let patched = try fixture.request("PATCH", programme + "/wg-1", headers: auth, body: "{\(outside)}",
                                          contentType: Self.patch)
        #expect(patched.status == 422)
        #expect(patched.pointers == ["/startsAt", "/endsAt"])
        let put = try fixture.request("PUT", programme + "/wg-1", headers: auth,
                                      body: #"{\#(outside),"kind":"workingGroup","title":{"de":"AG 1"},"track":"a"}"#)
        #expect(put.status == 422)
        #expect(put.pointers == ["/startsAt", "/endsAt"])
        let created = try fixture.request("POST", programme, headers: auth,
                                          body: #"{"id":"late",\#(outside),"kind":"talk","title":{"de":"Spät"}}"#)
        #expect(created.status == 422)
        #expect(created.pointers == ["/startsAt", "/endsAt"])
        // A member the patch did not send cannot be pointed at in it: the whole body, the slot's pointer in the detail.
        let later = try fixture.request("PATCH", programme + "/wg-1", headers: auth,
                                        body: #"{"startsAt":"2030-06-15T12:00:00+02:00"}"#, contentType: Self.patch)
        #expect(later.status == 422)
        #expect(later.pointers == [""])
        let detail = (later.json["errors"] as? [[String: Any]])?.first?["detail"] as? String
        #expect(detail == "/endsAt: must be after startsAt")
    }

    @Test func eventPatchIssuesPointIntoThePatch() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let event = "/events/\(WriteFixture.openEvent)"
        let early = try fixture.request("PATCH", event, headers: auth, body: #"{"endsAt":"2030-06-15T08:00:00+02:00"}"#,
                                        contentType: Self.patch)
        #expect(early.status == 422)
        #expect(early.pointers == ["/endsAt"])
        // Moving the event a day leaves its slot outside it: the patch holds no programme to point into.
        let moved = try fixture.request("PATCH", event, headers: auth,
                                        body: #"{"startsAt":"2030-06-16T09:00:00+02:00","endsAt":"2030-06-16T17:00:00+02:00"}"#,
                                        contentType: Self.patch)
        #expect(moved.status == 422)
        #expect(moved.pointers.allSatisfy { $0.isEmpty } && !moved.pointers.isEmpty)
        let details = (moved.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String }
        #expect(details.first?.hasPrefix("/programme/0/startsAt: outside the event's day(s)") == true, "\(details)")
    }
}
