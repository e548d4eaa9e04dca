import AgoraDomain
import AgoraStoreTesting
import Foundation
import HTTPServer
import Synchronization
import Testing
@testable import AgoraAPI

/// The one path of a write (`StoreSubmission`): the refusal hook's retry, the entity released at the one
/// completion point whatever the ending, and answers carrying the ETag of the resource a GET reads.
@Suite struct WritePathTests {
    /// Two creations of one name: the second derived its slug before the first was durable, so the store refuses
    /// it as a duplicate id; the hook retries it with the next free slug. The gate holds the first write's fsync
    /// until the second is queued behind it, so the collision is certain rather than likely.
    @Test func partnerSlugTakenWhileQueuedIsRetriedWithTheNextSlug() throws {
        let gate = GatedFileSystem()
        let fixture = try WriteFixture(gate: gate)
        var router = Router()
        fixture.api.register(in: &router)
        let answers = Mutex<[Int: Response]>([:])
        let finished = DispatchSemaphore(value: 0)
        func start(_ index: Int) throws {
            var request = APIFixture.request(.post, "/partners", [fixture.bearer(fixture.editor.token),
                                                                  ("Content-Type", "application/json")])
            request.body = Array(#"{"name":"Caritas Two"}"#.utf8)
            guard case .found(let handler, _, _, _) = router.match(.post, ["partners"]),
                  case .later(let begin) = try handler(request) else {
                Issue.record("POST /partners did not answer later")
                return
            }
            // Returns once the command is queued in the store.
            begin(ResponseCompletion { result in
                if case .success(let response) = result { answers.withLock { $0[index] = response } }
                finished.signal()
            })
        }
        gate.arm()
        try start(1)
        #expect(gate.waitUntilParked(), "the first creation is pending")
        try start(2)
        gate.release()
        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(finished.wait(timeout: .now() + 10) == .success)
        let first = try #require(answers.withLock { $0[1] })
        let second = try #require(answers.withLock { $0[2] })
        #expect(first.status == .created)
        #expect(first.headers["Location"] == "/partners/caritas-two")
        #expect(second.status == .created, "retried, not 409")
        #expect(second.headers["Location"] == "/partners/caritas-two-2")
        #expect(second.headers["Cache-Control"] == "no-store")
        #expect(fixture.store.state.partners["caritas-two-2"]?.name == "Caritas Two")
        let read = try fixture.request("GET", "/partners/caritas-two-2")
        #expect(second.headers["ETag"] == read.header("ETag"))
    }

    /// A conditional write that ends in a refusal — by the store after submission, or while making the command —
    /// releases its entity: the next conditional write with the current ETag is not refused as concurrent.
    @Test func everyEndingOfAConditionalWriteReleasesItsEntity() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let etag = try #require(try fixture.request("GET", "/partners/caritas").header("ETag"))
        let refused = try fixture.request("PUT", "/partners/caritas", headers: auth + [("If-Match", etag)],
                                          body: #"{"name":" ","kind":"association"}"#)
        #expect(refused.status == 422, "the domain refused it after submission")
        #expect(refused.pointers == ["/name"])
        let patched = try fixture.request("PATCH", "/partners/caritas", headers: auth + [("If-Match", etag)],
                                          body: #"{"kind":"foundation"}"#, contentType: "application/merge-patch+json")
        #expect(patched.status == 200)

        let programme = "/events/\(WriteFixture.openEvent)/programme"
        let current = try #require(try fixture.request("GET", programme).header("ETag"))
        let missing = try fixture.request("PATCH", programme + "/ghost", headers: auth + [("If-Match", current)],
                                          body: #"{"room":"B"}"#, contentType: "application/merge-patch+json")
        #expect(missing.status == 404, "making the command found no such slot")
        let moved = try fixture.request("PATCH", programme + "/wg-1", headers: auth + [("If-Match", current)],
                                        body: #"{"room":"B"}"#, contentType: "application/merge-patch+json")
        #expect(moved.status == 200)
    }

    /// A slot is read through its event's programme: a slot write answers with the programme's ETag, and its
    /// `If-Match` is compared with the programme's, not the event's.
    @Test func slotWritesAreConditionalOnTheProgramme() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let programme = "/events/\(WriteFixture.openEvent)/programme"
        let eventTag = try #require(try fixture.request("GET", "/events/\(WriteFixture.openEvent)").header("ETag"))
        let programmeTag = try #require(try fixture.request("GET", programme).header("ETag"))
        #expect(eventTag != programmeTag)
        let wrong = try fixture.request("PATCH", programme + "/wg-1", headers: auth + [("If-Match", eventTag)],
                                        body: #"{"room":"B"}"#, contentType: "application/merge-patch+json")
        #expect(wrong.status == 412)
        // Issue #10 item 12: the event's tag is named as such (it used to be called stale: "it changed since you
        // read it", though nothing had).
        #expect(wrong.json["detail"] as? String
            == "If-Match must be the ETag of GET \(programme); you sent the ETag of GET /events/\(WriteFixture.openEvent). "
                + "Programme slots are matched against the programme's ETag, events against the event's.")
        let moved = try fixture.request("PATCH", programme + "/wg-1", headers: auth + [("If-Match", programmeTag)],
                                        body: #"{"room":"B"}"#, contentType: "application/merge-patch+json")
        #expect(moved.status == 200)
        #expect(moved.json["room"] as? String == "B")
        #expect(moved.header("ETag") == (try fixture.request("GET", programme).header("ETag")))
    }
}

/// Reads as typed resources: the render returns the languages it served, the same bytes and tag a GET carries.
@Suite struct ReadResourceTests {
    @Test func renderReturnsTheLanguagesItServed() throws {
        let fixture = try APIFixture()
        let state = fixture.store.state
        let resource = ReadResource.event(id: "assises-sociales-2025")
        let french = try resource.render(state, at: fixture.clock.now, in: .ranked(["fr"]))
        #expect(french.contentLanguage == "fr, de, en")
        #expect(try resource.render(state, at: fixture.clock.now, in: .all).contentLanguage == nil)
        let german = try resource.render(state, at: fixture.clock.now, in: .ranked(["de"]))
        #expect(german.contentLanguage?.hasPrefix("de") == true, "nothing of the French render carried over")
        let read = fixture.get("/events/assises-sociales-2025?lang=fr")
        #expect(read.body == french.body)
        #expect(read.header("Content-Language") == french.contentLanguage)
        #expect(read.header("ETag") == EntityTag(body: french.body, contentLanguage: french.contentLanguage).description)
    }

    @Test func anUnknownIdIsA404AndNoCurrentETag() throws {
        let fixture = try APIFixture()
        #expect(throws: APIError.self) {
            try ReadResource.programme(eventId: "nowhere").render(fixture.store.state, at: fixture.clock.now, in: .all)
        }
        #expect(fixture.api.currentETag(of: .programme(eventId: "nowhere")) == nil)
        #expect(fixture.api.currentETag(of: .programme(eventId: "quattropole-2017"))?.description
            == fixture.get("/events/quattropole-2017/programme").header("ETag"))
    }
}
