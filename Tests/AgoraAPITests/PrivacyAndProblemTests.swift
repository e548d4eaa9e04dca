import AgoraDomain
import AgoraStore
import Foundation
import HTTPServer
import Testing
@testable import AgoraAPI

@Suite("Personal data, CORS and problem details")
struct PrivacyAndProblemTests {
    static let publicPaths = [
        "/events?past=true", "/events/quattropole-2017", "/events/quattropole-2017/programme",
        "/events/quattropole-2017/partners", "/programme?past=true", "/programme?event=quattropole-2017",
        "/partners", "/events?q=Zo%C3%A9&past=true", "/events?q=registrant.example&past=true",
    ]

    @Test func registrationsNeverAppearOnPublicRoutes() async throws {
        let fixture = try APIFixture(now: "2017-11-10T10:00:00+01:00")
        let request = RegistrationRequest(id: "r-1", eventId: "quattropole-2017", slotId: "arbeitsgruppe-bildung",
                                          name: "Zoé Registrant", email: "zoe@registrant.example",
                                          organisation: "Verein Geheim", language: "fr",
                                          requestedAt: fixture.clock.now)
        try await fixture.write(.register(request: request))
        #expect(fixture.store.state.registrations.count == 1, "the registration exists, so the check can fail")
        for path in Self.publicPaths {
            let response = fixture.get(path)
            #expect(response.status == 200, "\(path)")
            for secret in ["Zoé", "Registrant", "registrant.example", "Verein Geheim", "r-1"] {
                #expect(!response.text.contains(secret), "\(path) leaks \(secret)")
            }
        }
        #expect(fixture.get("/events?q=Registrant&past=true").ids.isEmpty, "search does not index registrants")
    }

    @Test func corsHeadersFromTheEngineOnAPublicRead() throws {
        let fixture = try APIFixture()
        let response = fixture.get("/events/quattropole-2017", [("Origin", "https://front.example")])
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        let exposed = response.header("Access-Control-Expose-Headers") ?? ""
        for name in ["ETag", "Link", "Content-Language"] { #expect(exposed.contains(name)) }
        let preflight = fixture.send(.options, "/events", [("Origin", "https://front.example"),
                                                          ("Access-Control-Request-Method", "GET")])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "*")
    }

    @Test func validationBecomes422WithEveryProblemAsAJSONPointer() throws {
        let problem = Problem(domain: .validation([
            ValidationIssue(path: "programme[3].endsAt", message: "must be after startsAt"),
            ValidationIssue(path: "title", message: "must not be empty"),
            ValidationIssue(path: "registration.waitingList.capacity", message: "must not be negative"),
        ]))
        #expect(problem.status == .unprocessableContent)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(problem.response.body)) as? [String: Any])
        let errors = json["errors"] as? [[String: String]] ?? []
        #expect(errors.map { $0["pointer"] } == ["/programme/3/endsAt", "/title", "/registration/waitingList/capacity"])
        #expect(errors.first?["detail"] == "must be after startsAt")
        #expect(problem.response.headers["Content-Type"] == "application/problem+json")
    }

    @Test func jsonPointers() {
        #expect(JSONPointer.from(domainPath: "programme[3].speakers[0].name") == "/programme/3/speakers/0/name")
        #expect(JSONPointer.from(domainPath: "events[a/b~c].title") == "/events/a~1b~0c/title")
        #expect(JSONPointer.from(domainPath: "") == "")
    }

    @Test func notFoundConflictAndUnavailable() throws {
        #expect(Problem(domain: .notFound(.partner, id: "x")).status == .notFound)
        let conflict = Problem(domain: .conflict(.eventFull(eventId: "e")))
        #expect(conflict.status == .conflict)
        #expect(conflict.extensions.contains { $0.name == "conflict" && $0.json == "\"eventFull\"" })
        let unavailable = APIError(SubmitError<DomainError>.unavailable("ENOSPC on /data/journal")).problem
        #expect(unavailable.status == .serviceUnavailable)
        #expect(unavailable.headers["Retry-After"] != nil)
        let detail = unavailable.detail?.english ?? ""
        #expect(!detail.contains("ENOSPC"), "no internals in the body")
        #expect(APIError(SubmitError<DomainError>.rejected(.notFound(.event, id: "e"))).problem.status == .notFound)
    }

    @Test func unknownPathsAndMethodsAreProblems() throws {
        let fixture = try APIFixture()
        #expect(fixture.get("/nothing-here").status == 404)
        let post = fixture.send(.delete, "/partners")
        #expect(post.status == 405)
        #expect(post.header("Allow")?.contains("GET") == true)
        let head = fixture.send(.head, "/events?past=true")
        #expect(head.status == 200)
        #expect(head.header("ETag") == fixture.get("/events?past=true").header("ETag"))
    }
}
