import Foundation
import Testing
import TestSupport

/// Issue #10 item 12, over a real socket: a 412 says which ETag it wanted when the client sent the tag of a
/// language variant or of the neighbouring resource (nothing changed then).
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
}
