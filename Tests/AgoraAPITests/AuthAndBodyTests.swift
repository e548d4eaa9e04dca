import Foundation
import Synchronization
import Testing
import TestSupport
import AgoraStoreTesting

/// Over real sockets: who may write (401/403 with `WWW-Authenticate`), what a body must be (415, 400 with
/// line and column, 422 with pointers), and the answers of admin writes (201 + Location, 200 + ETag, 412, 204).
@Suite struct AuthAndBodyTests {
    let partner = #"{"name":"Inter-Actions asbl"}"#

    @Test func missingTokenIs401WithBearerChallenge() throws {
        let fixture = try WriteFixture()
        let reply = try fixture.request("POST", "/partners", body: partner)
        #expect(reply.status == 401)
        #expect(reply.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(reply.header("WWW-Authenticate")?.contains("invalid_token") == false)
        #expect(reply.header("Content-Type") == "application/problem+json")
    }

    @Test func wrongTokenIs401InvalidTokenAndNeverLogged() throws {
        let fixture = try WriteFixture()
        let reply = try fixture.request("POST", "/partners", headers: [fixture.bearer("not-a-real-token-4711")],
                                        body: partner)
        #expect(reply.status == 401)
        #expect(reply.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)
        #expect(try fixture.request("POST", "/partners", headers: [("Authorization", "Basic YTpi")], body: partner).status == 401)
        #expect(!fixture.logText().contains("not-a-real-token-4711"))
        #expect(!reply.text.contains("not-a-real-token-4711"))
    }

    @Test func tokenWithoutTheRoleIs403() throws {
        let fixture = try WriteFixture()
        let reply = try fixture.request("POST", "/partners", headers: [fixture.bearer(fixture.reader.token)], body: partner)
        #expect(reply.status == 403)
        let list = try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations",
                                       headers: [fixture.bearer(fixture.editor.token)])
        #expect(list.status == 403, "editors do not see personal data")
        let erase = try fixture.request("DELETE", "/registrations/x/personal-data", headers: [fixture.bearer(fixture.reader.token)])
        #expect(erase.status == 403, "erasure needs admin")
    }

    @Test func wrongContentTypeIs415() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        #expect(try fixture.request("POST", "/partners", headers: auth, body: partner, contentType: "text/plain").status == 415)
        #expect(try fixture.request("POST", "/partners", headers: auth, body: partner, contentType: nil).status == 415)
        let patch = try fixture.request("PATCH", "/partners/caritas", headers: auth, body: partner)
        #expect(patch.status == 415, "PATCH takes application/merge-patch+json")
        #expect(patch.header("Accept-Patch") == "application/merge-patch+json")
        #expect(try fixture.request("POST", "/partners", headers: auth, body: partner,
                                    contentType: "application/json; charset=utf-8").status == 201)
    }

    @Test func malformedJSONIs400WithLineAndColumn() throws {
        let fixture = try WriteFixture()
        let reply = try fixture.request("POST", "/partners", headers: [fixture.bearer(fixture.editor.token)],
                                        body: "{\n  \"name\": \"Caritas\",\n  \"kind\": oops\n}")
        #expect(reply.status == 400)
        #expect(reply.text.contains("line 3, column 11"))
        #expect(reply.json["line"] as? Int == 3)
        #expect(reply.json["column"] as? Int == 11)
    }

    @Test func invalidContentIs422WithEveryPointer() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let partner = try fixture.request("POST", "/partners", headers: auth,
                                          body: #"{"name":" ","website":"ftp://x","subUnits":["ok"," "]}"#)
        #expect(partner.status == 422)
        #expect(Set(partner.pointers) == ["/name", "/website", "/subUnits/1"])
        let typedPartner = try fixture.request("POST", "/partners", headers: auth, body: #"{"name":42}"#)
        #expect(typedPartner.status == 422)
        #expect(typedPartner.pointers == ["/name"])
        let registration = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations",
                                               body: #"{"name":"","email":"someone[at]example.lu","language":"???"}"#)
        #expect(registration.status == 422)
        #expect(Set(registration.pointers) == ["/name", "/email", "/language", "/consent"])
        let typed = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations",
                                        body: #"{"name":7,"organisation":[],"consent":"yes"}"#)
        #expect(typed.status == 422)
        #expect(Set(typed.pointers) == ["/name", "/email", "/organisation", "/consent"])
    }

    @Test func postPartnerAnswers201WithLocationAndIdAndUniqueSlugs() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let first = try fixture.request("POST", "/partners", headers: auth, body: #"{"name":"Œuvre Nationale de Secours"}"#)
        #expect(first.status == 201)
        #expect(first.json["id"] as? String == "oeuvre-nationale-de-secours")
        #expect(first.header("Location") == "/partners/oeuvre-nationale-de-secours")
        #expect(first.header("ETag") != nil)
        #expect(first.header("Cache-Control") == "no-store")
        let second = try fixture.request("POST", "/partners", headers: auth, body: #"{"name":"Œuvre nationale de secours"}"#)
        #expect(second.json["id"] as? String == "oeuvre-nationale-de-secours-2")
        let read = try fixture.request("GET", "/partners/oeuvre-nationale-de-secours-2")
        #expect(read.status == 200)
        #expect(read.json["name"] as? String == "Œuvre nationale de secours")
        #expect(read.header("ETag") == second.header("ETag"))
    }

    @Test func patchIsAMergePatchAndNullRemoves() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        _ = try fixture.request("PUT", "/partners/caritas", headers: auth,
                                body: #"{"name":"Caritas","kind":"association","website":"https://caritas.lu","subUnits":["A","B"]}"#)
        let reply = try fixture.request("PATCH", "/partners/caritas", headers: auth,
                                        body: #"{"website":null,"subUnits":["C"],"description":{"fr":"Aide"}}"#,
                                        contentType: "application/merge-patch+json")
        #expect(reply.status == 200)
        #expect(reply.json["website"] == nil)
        #expect(reply.json["subUnits"] as? [String] == ["C"])
        #expect(reply.json["name"] as? String == "Caritas", "members the patch does not name stay")
        #expect((reply.json["description"] as? [String: String])?["fr"] == "Aide")
        let read = try fixture.request("GET", "/partners/caritas")
        #expect(read.json["website"] == nil)
        let renamed = try fixture.request("PATCH", "/partners/caritas", headers: auth, body: #"{"id":"other"}"#,
                                          contentType: "application/merge-patch+json")
        #expect(renamed.status == 422)
        #expect(renamed.pointers == ["/id"])
        let typo = try fixture.request("PATCH", "/partners/caritas", headers: auth, body: #"{"nmae":"Caritas Lëtzebuerg"}"#,
                                       contentType: "application/merge-patch+json")
        #expect(typo.status == 422, "a misspelt member is refused, not silently ignored")
        #expect(typo.pointers == ["/nmae"])
    }

    @Test func staleIfMatchIs412AndCurrentOneWrites() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let before = try fixture.request("GET", "/partners/caritas")
        let etag = try #require(before.header("ETag"))
        let first = try fixture.request("PATCH", "/partners/caritas", headers: auth + [("If-Match", etag)],
                                        body: #"{"kind":"foundation"}"#, contentType: "application/merge-patch+json")
        #expect(first.status == 200)
        #expect(first.header("ETag") != etag)
        let stale = try fixture.request("PATCH", "/partners/caritas", headers: auth + [("If-Match", etag)],
                                        body: #"{"kind":"police"}"#, contentType: "application/merge-patch+json")
        #expect(stale.status == 412)
        #expect(try fixture.request("GET", "/partners/caritas").json["kind"] as? String == "foundation")
        let staleDelete = try fixture.request("DELETE", "/partners/caritas", headers: auth + [("If-Match", etag)])
        #expect(staleDelete.status == 412)
        let delete = try fixture.request("DELETE", "/partners/caritas",
                                         headers: auth + [("If-Match", first.header("ETag") ?? "")])
        #expect(delete.status == 204)
        #expect(try fixture.request("GET", "/partners/caritas").status == 404)
    }

    /// Two admins holding the same ETag: while the first one's write waits for its fsync, the second is refused
    /// (it would overwrite a change it has not seen); after it, the stale tag is refused as usual.
    @Test func conditionalWriteIsRefusedWhileAnotherIsPending() throws {
        let gate = GatedFileSystem()
        let fixture = try WriteFixture(gate: gate)
        let auth = [fixture.bearer(fixture.editor.token)]
        let etag = try #require(try fixture.request("GET", "/partners/caritas").header("ETag"))
        gate.arm()
        let first = Mutex<HTTPReply?>(nil)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let reply = try? fixture.request("PATCH", "/partners/caritas", headers: auth + [("If-Match", etag)],
                                             body: #"{"kind":"foundation"}"#, contentType: "application/merge-patch+json")
            first.withLock { $0 = reply }
            finished.signal()
        }
        #expect(gate.waitUntilParked(), "the first write is pending")
        let second = try fixture.request("PATCH", "/partners/caritas", headers: auth + [("If-Match", etag)],
                                         body: #"{"kind":"police"}"#, contentType: "application/merge-patch+json")
        #expect(second.status == 412)
        gate.release()
        #expect(finished.wait(timeout: .now() + 10) == .success)
        #expect(first.withLock { $0?.status } == 200)
        #expect(try fixture.request("GET", "/partners/caritas").json["kind"] as? String == "foundation")
    }

    @Test func eventsAndSlotsAreCreatedUpdatedAndDeleted() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.editor.token)]
        let event = #"{"title":{"fr":"Assises sociales 2031"},"startsAt":"2031-11-20T09:00:00+01:00","endsAt":"2031-11-20T17:00:00+01:00","timeZone":"Europe/Luxembourg","defaultLanguage":"fr"}"#
        let created = try fixture.request("POST", "/events", headers: auth, body: event)
        #expect(created.status == 201)
        #expect(created.header("Location") == "/events/assises-sociales-2031")
        let withId = event.replacingOccurrences(of: "{\"title\"", with: "{\"id\":\"assises-sociales-2031\",\"title\"")
        #expect(try fixture.request("POST", "/events", headers: auth, body: withId).status == 409)
        let slot = #"{"startsAt":"2031-11-20T09:00:00+01:00","endsAt":"2031-11-20T10:00:00+01:00","kind":"talk","title":{"de":"Eröffnung"}}"#
        let slotReply = try fixture.request("POST", "/events/assises-sociales-2031/programme", headers: auth, body: slot)
        #expect(slotReply.status == 201)
        #expect(slotReply.header("Location") == "/events/assises-sociales-2031/programme/eroffnung")
        let moved = try fixture.request("PATCH", "/events/assises-sociales-2031/programme/eroffnung", headers: auth,
                                        body: #"{"startsAt":"2031-11-20T09:30:00+01:00"}"#,
                                        contentType: "application/merge-patch+json")
        #expect(moved.status == 200)
        #expect(moved.json["startsAt"] as? String == "2031-11-20T09:30:00+01:00")
        let badSlot = try fixture.request("PATCH", "/events/assises-sociales-2031/programme/eroffnung", headers: auth,
                                          body: #"{"endsAt":"2031-11-20T08:00:00+01:00"}"#,
                                          contentType: "application/merge-patch+json")
        #expect(badSlot.status == 422)
        #expect(!badSlot.pointers.isEmpty)
        let cancelled = try fixture.request("PATCH", "/events/assises-sociales-2031", headers: auth,
                                            body: #"{"status":"cancelled","theme":{"fr":"Ensemble"}}"#,
                                            contentType: "application/merge-patch+json")
        #expect(cancelled.status == 200)
        #expect(cancelled.json["status"] as? String == "cancelled")
        #expect((cancelled.json["programme"] as? [Any])?.count == 1, "a patch keeps the programme")
        #expect(try fixture.request("DELETE", "/events/assises-sociales-2031/programme/eroffnung", headers: auth).status == 204)
        #expect(try fixture.request("DELETE", "/events/assises-sociales-2031", headers: auth).status == 204)
        #expect(try fixture.request("GET", "/events/assises-sociales-2031").status == 404)
    }

    @Test func getPutRoundTripsAnEvent() throws {
        let fixture = try WriteFixture()
        let read = try fixture.request("GET", "/events/\(WriteFixture.openEvent)")
        let put = try fixture.request("PUT", "/events/\(WriteFixture.openEvent)",
                                      headers: [fixture.bearer(fixture.admin.token), ("If-Match", read.header("ETag") ?? "")],
                                      body: read.text)
        #expect(put.status == 200, "\(put.text)")
        #expect(put.header("ETag") == read.header("ETag"), "nothing changed, so neither did the representation")
    }
}

/// CORS on the write side: admin routes answer no origin by default; registering and cancelling (which a public
/// page does, with an explicit bearer token rather than a cookie) answer any.
@Suite struct WriteCORSTests {
    @Test func adminPreflightIsRefusedRegistrationPreflightAllowed() throws {
        let fixture = try WriteFixture()
        func preflight(_ path: String, _ method: String) throws -> HTTPReply {
            try fixture.request("OPTIONS", path, headers: [("Origin", "https://agenda.example"),
                                                           ("Access-Control-Request-Method", method)])
        }
        #expect(try preflight("/partners", "POST").status == 403)
        #expect(try preflight("/events/\(WriteFixture.openEvent)/registrations", "GET").status == 403,
                "the organisers' list is personal data")
        let register = try preflight("/events/\(WriteFixture.openEvent)/registrations", "POST")
        #expect(register.status == 204)
        #expect(register.header("Access-Control-Allow-Headers")?.contains("Idempotency-Key") == true)
        #expect(try preflight("/registrations/abc", "DELETE").status == 204)
    }
}

/// Hostile or odd bodies on every write route get a 4xx problem, never a 5xx, a hang or a change.
@Suite struct HostileBodyTests {
    static let bodies = ["", "null", "[]", "42", "\"text\"", "{", "{\"name\":", "[[[[[[[[[[[[", "{\"a\":1e999999}",
                         "{\"name\":\"x\",\"kind\":\"spaceship\"}", "{\"startsAt\":\"yesterday\"}",
                         "{\"capacity\":99999999999999999999999}", "\u{FEFF}{}", "{\"\\ud800\":1}",
                         "{\"title\":{\"fr\":1},\"programme\":[{\"id\":null}]}", String(repeating: "[", count: 5000)]

    @Test func everyWriteRouteAnswers4xx() throws {
        let fixture = try WriteFixture()
        let auth = [fixture.bearer(fixture.admin.token)]
        let before = fixture.store.state
        let routes: [(String, String, String)] = [
            ("POST", "/events", "application/json"),
            ("PUT", "/events/\(WriteFixture.openEvent)", "application/json"),
            ("PATCH", "/events/\(WriteFixture.openEvent)", "application/merge-patch+json"),
            ("POST", "/events/\(WriteFixture.openEvent)/programme", "application/json"),
            ("PATCH", "/events/\(WriteFixture.openEvent)/programme/wg-1", "application/merge-patch+json"),
            ("POST", "/partners", "application/json"),
            ("PATCH", "/partners/caritas", "application/merge-patch+json"),
            ("POST", "/events/\(WriteFixture.openEvent)/registrations", "application/json"),
        ]
        for (method, path, type) in routes {
            for body in Self.bodies {
                let reply = try fixture.request(method, path, headers: auth, body: body, contentType: type)
                // An empty merge patch is a valid no-op (RFC 7396): 200 with nothing changed.
                if method == "PATCH", body == "\u{FEFF}{}" {
                    #expect(reply.status == 200)
                    continue
                }
                #expect((400..<500).contains(reply.status), "\(method) \(path) with \(body.prefix(40)): \(reply.status)")
                #expect(reply.header("Content-Type") == "application/problem+json")
            }
        }
        #expect(fixture.store.state == before, "nothing was written")
    }
}
