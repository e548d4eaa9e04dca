import AgoraDomain
import Foundation
import Testing
@testable import AgoraAPI

@Suite("Caching: ETag, Last-Modified, 304, Cache-Control, RepresentationCache")
struct CachingTests {
    @Test func everyPublicReadHasStrongETagLastModifiedAndCacheControl() throws {
        let fixture = try APIFixture(settings: APISettings(cacheMaxAge: 120))
        for path in ["/events", "/events?past=true", "/events/assises-sociales-2025",
                     "/events/quattropole-2017/programme", "/events/assises-sociales-2025/partners",
                     "/programme?past=true", "/partners", "/partners/arcus"] {
            let response = fixture.get(path)
            #expect(response.status == 200, "\(path)")
            let etag = response.header("ETag") ?? ""
            #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && !etag.hasPrefix("W/"), "\(path): strong")
            #expect(response.header("Last-Modified")?.hasSuffix(" GMT") == true, "\(path)")
            #expect(response.header("Cache-Control") == "public, max-age=120", "\(path)")
        }
    }

    @Test func ifNoneMatchAnswers304WithWeakComparisonStarAndLists() throws {
        let fixture = try APIFixture()
        let first = fixture.get("/events?past=true")
        let etag = try #require(first.header("ETag"))
        for header in [etag, "W/\(etag)", "*", "\"other\", \(etag)", "\"a\",W/\(etag) , \"b\""] {
            let again = fixture.get("/events?past=true", [("If-None-Match", header)])
            #expect(again.status == 304, "\(header)")
            #expect(again.body.isEmpty)
            #expect(again.header("ETag") == etag)
            #expect(again.header("Cache-Control") == "public, max-age=60")
            // Issue 10 item 5: no Vary without ?lang=auto (the 304 still carries exactly the 200's headers).
            #expect(again.header("Vary") == first.header("Vary"))
        }
        #expect(fixture.get("/events?past=true", [("If-None-Match", "\"stale\"")]).status == 200)
    }

    @Test func ifModifiedSinceAnswers304UnlessIfNoneMatchSaysOtherwise() throws {
        let fixture = try APIFixture()
        let first = fixture.get("/partners")
        let lastModified = try #require(first.header("Last-Modified"))
        #expect(fixture.get("/partners", [("If-Modified-Since", lastModified)]).status == 304)
        #expect(fixture.get("/partners", [("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT")]).status == 200)
        #expect(fixture.get("/partners", [("If-Modified-Since", "not a date")]).status == 200)
        // RFC 9110 §13.2.2: If-None-Match is evaluated instead of If-Modified-Since.
        #expect(fixture.get("/partners", [("If-None-Match", "\"stale\""), ("If-Modified-Since", lastModified)]).status == 200)
    }

    @Test func etagStableAcrossUnrelatedWriteAndChangesWithTheRepresentation() async throws {
        let fixture = try APIFixture()
        let quattropole = fixture.get("/events/quattropole-2017")
        let assises = fixture.get("/events/assises-sociales-2025")
        let sequence = fixture.store.sequence

        fixture.clock.set("2026-11-23T12:00:05Z")
        var arcus = try #require(fixture.store.state.partners["arcus"])
        arcus.name = "Arcus asbl"
        try await fixture.write(.updatePartner(partner: arcus))
        #expect(fixture.store.sequence > sequence)

        let quattropoleAfter = fixture.get("/events/quattropole-2017")
        #expect(quattropoleAfter.header("ETag") == quattropole.header("ETag"), "arcus is no partner of QuattroPole")
        #expect(quattropoleAfter.header("Last-Modified") == quattropole.header("Last-Modified"))
        let assisesAfter = fixture.get("/events/assises-sociales-2025")
        #expect(assisesAfter.header("ETag") != assises.header("ETag"), "the embedded partner name changed")
        #expect(assisesAfter.text.contains("Arcus asbl"))
        #expect(assisesAfter.header("Last-Modified") != assises.header("Last-Modified"))
        let stale = try #require(assises.header("ETag"))
        #expect(fixture.get("/events/assises-sociales-2025", [("If-None-Match", stale)]).status == 200)
    }

    @Test func languagesHaveDifferentTags() throws {
        let fixture = try APIFixture()
        let all = fixture.get("/events/assises-sociales-2025").header("ETag")
        let french = fixture.get("/events/assises-sociales-2025?lang=fr").header("ETag")
        // Issue 10 item 5: Accept-Language picks a language only with ?lang=auto.
        let german = fixture.get("/events/assises-sociales-2025?lang=auto", [("Accept-Language", "de")]).header("ETag")
        #expect(Set([all, french, german]).count == 3)
    }

    @Test func repeatedReadsComeFromTheCacheUntilTheSequenceMoves() async throws {
        let fixture = try APIFixture()
        let first = fixture.get("/events?past=true")
        #expect(fixture.api.cache.count == 1)
        let second = fixture.get("/events?past=true")
        #expect(second.body == first.body)
        #expect(fixture.api.cache.count == 1, "served from the cache, not stored twice")
        _ = fixture.get("/events?past=true&lang=fr")
        #expect(fixture.api.cache.count == 2)
        var arcus = try #require(fixture.store.state.partners["arcus"])
        arcus.website = "https://arcus.example"
        try await fixture.write(.updatePartner(partner: arcus))
        _ = fixture.get("/partners")
        #expect(fixture.api.cache.count == 1, "entries of the old sequence were dropped")
    }

    @Test func cacheIsBounded() throws {
        let fixture = try APIFixture(settings: APISettings(cacheCapacity: 3))
        // Issue 10 item 7: an unknown parameter (`x`) is a 400 now, so distinct keys come from a known one.
        for index in 0..<10 { _ = fixture.get("/partners?q=x\(index)") }
        #expect(fixture.api.cache.count <= 3)
    }

    @Test func upcomingFollowsTheClockWithoutAnyWrite() throws {
        let fixture = try APIFixture(now: "2025-11-19T12:00:00Z")
        #expect(fixture.get("/events").ids == ["assises-sociales-2025"])
        fixture.clock.set("2025-11-21T00:00:00Z")  // the Assises' day is over in Luxembourg
        #expect(fixture.get("/events").ids.isEmpty, "a cached list must not outlive the event's end")
    }

    @Test func currentETagMatchesWhatAGetCarries() throws {
        let fixture = try APIFixture()
        let etag = fixture.get("/events/quattropole-2017").header("ETag")
        #expect(fixture.api.currentETag(of: .event(id: "quattropole-2017"))?.description == etag)
        #expect(fixture.api.currentETag(of: .partner(id: "arcus"))?.description == fixture.get("/partners/arcus").header("ETag"))
        #expect(fixture.api.currentETag(of: .event(id: "none")) == nil)
        let current = try #require(fixture.api.currentETag(of: .event(id: "quattropole-2017")))
        #expect(Preconditions.ifMatchSatisfied(current.description, current: current))
        #expect(!Preconditions.ifMatchSatisfied("W/\(current)", current: current), "If-Match compares strongly")
        #expect(Preconditions.ifMatchSatisfied("*", current: current))
        #expect(!Preconditions.ifMatchSatisfied("*", current: nil))
    }

    @Test func httpDatesRoundTrip() throws {
        let date = HTTPDate(Instant(secondsSince1970: 784_111_777))
        #expect(date.description == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate(parsing: "Sun, 06 Nov 1994 08:49:37 GMT") == date)
        #expect(HTTPDate(parsing: "Sunday, 06-Nov-94 08:49:37 GMT") == nil)
        #expect(HTTPDate(Instant(rfc3339: "2026-11-23T12:00:00Z")!).description == "Mon, 23 Nov 2026 12:00:00 GMT")
    }
}

@Suite("Registration window in the public event")
struct RegistrationWindowTests {
    @Test func openFlagFollowsTheDeadlineEvenFromTheCache() throws {
        let fixture = try APIFixture(now: "2017-11-15T23:59:00+01:00")
        let policy = { (fixture.get("/events/quattropole-2017").json["registrationPolicy"] as? [String: Any]) ?? [:] }
        #expect(policy()["kind"] as? String == "required")
        #expect(policy()["deadline"] as? String == "2017-11-15T23:59:59+01:00")
        #expect(policy()["externalURL"] as? String == "https://goo.gl/forms/ogk6r6PHZwplki0b2")
        #expect(policy()["open"] as? Bool == true)
        fixture.clock.set("2017-11-16T00:00:00+01:00")
        #expect(policy()["open"] as? Bool == false, "the cached representation expired at the deadline")
    }
}
