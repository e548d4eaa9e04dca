import Testing
@testable import AgoraAPI

/// Issue 16: a repeated public GET is answered from `ResolvedReads` + `RepresentationCache` without parsing its
/// query, `Accept` or language again. It must answer exactly what a render does: same status, same header fields in
/// the same order, same bytes — for every route shape, language choice, media type, conditional request and error.
@Suite("Cached reads answer byte for byte what a render answers")
struct CachedReadIdentityTests {
    /// (target, request headers); `{etag}` in a header value is replaced by the ETag of `GET /events?past=true`.
    static let reads: [(String, [(String, String)])] = [
        ("/events?past=true", []),
        ("/events?past=true&lang=fr", []),
        ("/events?past=true&lang=FR", []),
        ("/events?lang=fr&past=true", []),
        ("/events?past=true&lang=auto", [("Accept-Language", "fr-LU, de;q=0.8")]),
        ("/events?past=true&lang=auto", [("Accept-Language", "de")]),
        ("/events?past=true&lang=auto", []),
        ("/events?past=true", [("Accept-Language", "de")]),
        ("/events?past=true", [("If-None-Match", "{etag}")]),
        ("/events?past=true", [("If-None-Match", "W/{etag}")]),
        ("/events?past=true", [("If-None-Match", "\"other\", {etag}")]),
        ("/events?past=true", [("If-None-Match", "*")]),
        ("/events?past=true", [("If-None-Match", "\"stale\"")]),
        ("/events?past=true&lang=fr", [("If-None-Match", "{etag}")]),
        ("/events?past=true", [("Origin", "https://front.example")]),
        ("/events/assises-sociales-2025", []),
        ("/events/assises-sociales-2025?lang=de", []),
        ("/events/assises-sociales-2025", [("Accept", "text/calendar")]),
        ("/events/assises-sociales-2025", [("Accept", "application/ld+json")]),
        ("/events/assises-sociales-2025", [("Accept", "text/html")]),
        ("/events/assises-sociales-2025", [("Accept", "application/json")]),
        ("/events/assises-sociales-2025", [("Accept", "image/png")]),
        ("/events/assises-sociales-2025/calendar.ics", []),
        ("/events/assises-sociales-2025/availability", []),
        ("/events/quattropole-2017/programme?lang=fr", []),
        ("/programme?past=true", []),
        ("/partners", []),
        ("/partners/arcus?lang=fr", []),
        ("/events?bogus=1", []),
        ("/events?lang=%21%21", []),
        ("/events/no-such-event", []),
    ]

    @Test func repeatedReadsAnswerWhatAFreshRenderAnswers() throws {
        let etag = try #require(try APIFixture().get("/events?past=true").header("ETag"))
        let cached = try APIFixture()
        // Twice through the whole list, so each read is answered once rendered (or from an entry another spelling
        // of it stored) and once from the resolved key.
        for round in 1...2 {
            for (target, headers) in Self.reads {
                let headers = headers.map { ($0.0, $0.1.replacing("{etag}", with: etag)) }
                // A fresh API: nothing cached, the answer is rendered.
                let rendered = try APIFixture().get(target, headers)
                let answer = cached.get(target, headers)
                let context = "round \(round): \(target) \(headers)"
                #expect(answer.status == rendered.status, "\(context)")
                #expect(Self.fields(answer) == Self.fields(rendered), "\(context)")
                #expect(answer.body == rendered.body, "\(context)")
            }
        }
    }

    static func fields(_ response: TestResponse) -> [String] {
        response.response.headers.map { "\($0.name): \($0.value)" }
    }
}
