import AgoraAPI
import AgoraDomain
import AgoraStore
import Foundation
import Glibc
import Synchronization
import Testing
import TestSupport

/// Over real sockets: registering, its conflicts, idempotent retries, the rate limit, cancelling with the
/// token, waiting-list promotion, the organisers' views (JSON and CSV), erasure, logs and a failing disk.
@Suite struct RegistrationFlowTests {
    @Test func registersAndAnswers201WithTokenOnce() throws {
        let fixture = try WriteFixture()
        let reply = try fixture.register("zoe@example.lu")
        #expect(reply.status == 201)
        #expect(reply.json["status"] as? String == "confirmed")
        let id = try #require(reply.json["id"] as? String)
        #expect(reply.header("Location") == "/registrations/\(id)")
        #expect(reply.header("Cache-Control") == "no-store")
        let token = try #require(reply.json["cancellationToken"] as? String)
        #expect(token.count >= 43)
        // The token is stored only as its digest: not in the files, not in the admin view.
        #expect(fixture.dataBytes().firstRange(of: Array(token.utf8)) == nil)
        let admin = try fixture.request("GET", "/registrations/\(id)", headers: [fixture.bearer(fixture.reader.token)])
        #expect(admin.status == 200)
        #expect(admin.json["email"] as? String == "zoe@example.lu")
        #expect(!admin.text.contains(token))
        // Public reads never show who registered.
        let event = try fixture.request("GET", "/events/\(WriteFixture.openEvent)")
        #expect(!event.text.contains("zoe@example.lu") && !event.text.contains("Müller"))
    }

    @Test func languageComesFromTheBodyOrElseAcceptLanguage() throws {
        let fixture = try WriteFixture(capacity: 10)
        let auth = [fixture.bearer(fixture.reader.token)]
        let guessed = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations",
                                          headers: [("Accept-Language", "de-LU, fr;q=0.5")],
                                          body: #"{"name":"Jang","email":"jang@example.lu","consent":true}"#)
        let guessedId = try #require(guessed.json["id"] as? String)
        #expect(try fixture.request("GET", "/registrations/\(guessedId)", headers: auth).json["language"] as? String == "de-lu")
        let given = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations",
                                        headers: [("Accept-Language", "de")],
                                        body: #"{"name":"Lou","email":"lou@example.lu","language":"lb","consent":true}"#)
        let givenId = try #require(given.json["id"] as? String)
        #expect(try fixture.request("GET", "/registrations/\(givenId)", headers: auth).json["language"] as? String == "lb")
    }

    @Test func conflictsAre409() throws {
        let fixture = try WriteFixture()
        #expect(try fixture.register("a@example.lu", event: WriteFixture.noneEvent).json["conflict"] as? String
                == "registrationNotRequired")
        #expect(try fixture.register("a@example.lu", event: WriteFixture.closedEvent).status == 409)
        #expect(try fixture.register("a@example.lu", event: WriteFixture.notYetEvent).json["conflict"] as? String
                == "registrationNotOpenYet")
        #expect(try fixture.register("a@example.lu", event: WriteFixture.fullEvent).status == 201)
        let full = try fixture.register("b@example.lu", event: WriteFixture.fullEvent)
        #expect(full.status == 409)
        #expect(full.json["conflict"] as? String == "eventFull")
        #expect(try fixture.register("a@example.lu", event: WriteFixture.closedEvent).json["conflict"] as? String
                == "registrationClosed")
        #expect(try fixture.register("a@example.lu", event: "no-such-event").status == 404)
        let slot = try fixture.register("c@example.lu", extra: #","slotId":"wg-9""#)
        #expect(slot.status == 422)
        #expect(slot.pointers == ["/slotId"])
        #expect(try fixture.register("c@example.lu", extra: #","slotId":"wg-1""#).status == 201)
        let again = try fixture.register("a@example.lu", event: WriteFixture.fullEvent)
        #expect(again.json["conflict"] as? String == "alreadyRegistered")
        let firstId = fixture.store.state.registrations.values.first { $0.eventId == WriteFixture.fullEvent }?.id ?? "-"
        #expect(!again.text.contains(firstId), "a public answer never names someone else's registration")
    }

    @Test func retryWithTheSameKeyGetsTheSameAnswerAndOneRegistration() throws {
        let fixture = try WriteFixture()
        let first = try fixture.register("retry@example.lu", key: "7f1c2f6e-0b7a-4f7e-9a51-1d2c3b4a5e6f")
        let second = try fixture.register("retry@example.lu", key: "7f1c2f6e-0b7a-4f7e-9a51-1d2c3b4a5e6f")
        #expect(first.status == 201)
        #expect(second.status == 201)
        #expect(second.body == first.body, "same id, status and cancellation token")
        #expect(second.header("Idempotent-Replayed") == "true")
        let list = try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations",
                                       headers: [fixture.bearer(fixture.reader.token)])
        #expect((list.json["items"] as? [Any])?.count == 1)
        let other = try fixture.register("someone-else@example.lu", key: "7f1c2f6e-0b7a-4f7e-9a51-1d2c3b4a5e6f")
        #expect(other.status == 422)
        #expect(try fixture.register("x@example.lu", key: String(repeating: "k", count: 300)).status == 400)
    }

    @Test func retryAfterARestartDoesNotRegisterTwice() throws {
        let first = try WriteFixture(keepDirectory: true)
        let reply = try first.register("restart@example.lu", key: "restart-key")
        #expect(reply.status == 201)
        let id = try #require(reply.json["id"] as? String)
        first.stop()
        let restarted = try WriteFixture(reopening: first.directory)
        let retry = try restarted.register("restart@example.lu", key: "restart-key")
        #expect(retry.status == 201)
        #expect(retry.json["id"] as? String == id)
        #expect(retry.json["status"] as? String == "confirmed")
        #expect(retry.json["cancellationToken"] == nil, "the token was shown once and is stored only as a digest")
        #expect(restarted.store.state.registrations.count == 1)
        #expect(try restarted.register("other@example.lu", key: "restart-key").status == 422)
        // The token from before the restart still cancels.
        let cancel = try restarted.request("DELETE", "/registrations/\(id)",
                                           headers: [restarted.bearer(reply.json["cancellationToken"] as? String ?? "")])
        #expect(cancel.status == 204)
    }

    @Test func concurrentRetriesWithOneKeyRegisterOnce() throws {
        let fixture = try WriteFixture(capacity: 100)
        let replies = Mutex<[HTTPReply]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if let reply = try? fixture.register("same@example.lu", key: "one-key") { replies.withLock { $0.append(reply) } }
        }
        let all = replies.withLock { $0 }
        #expect(all.count == 8)
        #expect(all.allSatisfy { $0.status == 201 })
        #expect(Set(all.compactMap { $0.json["id"] as? String }).count == 1)
        #expect(fixture.store.state.registrations.count == 1)
    }

    @Test func retryAfterCancellingSaysCancelledAndAPageCanReadThatItIsAReplay() throws {
        let fixture = try WriteFixture()
        let key = "b8e0c1de-5d0c-4b8a-9f5e-7a1d2c3b4e5f"
        let first = try fixture.register("cancel-then-retry@example.lu", key: key)
        let id = try #require(first.json["id"] as? String)
        let token = try #require(first.json["cancellationToken"] as? String)
        #expect(try fixture.request("DELETE", "/registrations/\(id)", headers: [fixture.bearer(token)]).status == 204)
        let body = #"{"name":"Zoé Müller","email":"cancel-then-retry@example.lu","organisation":"Asbl Œuvre","language":"fr","consent":true}"#
        let retry = try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations",
                                        headers: [("Idempotency-Key", key), ("Origin", "https://front.example")],
                                        body: body)
        #expect(retry.status == 201)
        #expect(retry.header("Idempotent-Replayed") == "true")
        #expect(retry.header("Location") == "/registrations/\(id)")
        #expect(retry.json["status"] as? String == "cancelled", "it said confirmed while GET said cancelled")
        let view = try fixture.request("GET", "/registrations/\(id)", headers: [fixture.bearer(fixture.reader.token)])
        #expect(view.json["status"] as? String == retry.json["status"] as? String)
        #expect(fixture.store.state.registrations.count == 1, "the retry registered nothing")
        // A page on another origin reads these headers only if they are exposed (Fetch standard, CORS).
        let exposed = (retry.header("Access-Control-Expose-Headers") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        for name in ["Idempotent-Replayed", "Location", "Retry-After"] { #expect(exposed.contains(name), "\(name)") }
    }

    @Test func retryAfterAPromotionSaysConfirmed() throws {
        let fixture = try WriteFixture(capacity: 1)
        let first = try fixture.register("first@example.lu")
        let waiting = try fixture.register("waiting@example.lu", key: "waiting-key")
        #expect(waiting.json["status"] as? String == "waitlisted")
        let id = try #require(first.json["id"] as? String)
        #expect(try fixture.request("DELETE", "/registrations/\(id)",
                                    headers: [fixture.bearer(first.json["cancellationToken"] as? String ?? "")]).status == 204)
        let retry = try fixture.register("waiting@example.lu", key: "waiting-key")
        #expect(retry.json["status"] as? String == "confirmed")
        #expect(retry.json["cancellationToken"] as? String == waiting.json["cancellationToken"] as? String,
                "still in memory: the token comes again")
    }

    @Test func failedAttemptsDoNotUseUpTheRateLimit() throws {
        let fixture = try WriteFixture(rate: .init(perMinute: 10, burst: 5), capacity: 100)
        let path = "/events/\(WriteFixture.openEvent)/registrations"
        // Someone correcting a form: no consent, a bad address, no name, broken JSON, the wrong type, a body that is no
        // object, an unknown slot (five 422s among them: each took a token before, so the sixth try was a 429).
        #expect(try fixture.request("POST", path, body: #"{"name":"Zoé","email":"zoe@example.lu"}"#).status == 422)
        #expect(try fixture.request("POST", path, body: #"{"email":"zoe@example.lu","consent":true}"#).status == 422)
        #expect(try fixture.request("POST", path, body: #"{"name":"Zoé","email":"zoe","consent":true}"#).status == 422)
        #expect(try fixture.request("POST", path, body: #"{"name":"Zoé","#).status == 400)
        #expect(try fixture.request("POST", path, body: "name=Zoé", contentType: "application/x-www-form-urlencoded").status == 415)
        #expect(try fixture.request("POST", path, body: "[]").status == 422)
        #expect(try fixture.register("zoe@example.lu", extra: #","slotId":"wg-9""#).status == 422)
        #expect(try fixture.register("zoe@example.lu").status == 201, "seven mistakes did not lock the person out")
    }

    @Test func aFloodOfValidRegistrationsIsStillLimited() throws {
        let fixture = try WriteFixture(rate: .init(perMinute: 10, burst: 5), capacity: 100)
        for index in 0..<5 { #expect(try fixture.register("flood\(index)@example.lu").status == 201) }
        let limited = try fixture.register("flood5@example.lu")
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "6")
    }

    @Test func rateLimitAnswers429WithRetryAfter() throws {
        let fixture = try WriteFixture(rate: .init(perMinute: 2, burst: 2), capacity: 100)
        #expect(try fixture.register("r1@example.lu").status == 201)
        #expect(try fixture.register("r2@example.lu").status == 201)
        let limited = try fixture.register("r3@example.lu")
        #expect(limited.status == 429)
        #expect(limited.header("Retry-After") == "30")
        fixture.clock.set("2026-11-23T12:00:30Z")
        #expect(try fixture.register("r3@example.lu").status == 201)
    }

    @Test func cancellingNeedsTheTokenAndPromotesTheFirstWaiting() throws {
        let fixture = try WriteFixture(capacity: 1)
        let first = try fixture.register("first@example.lu")
        let second = try fixture.register("second@example.lu")
        let third = try fixture.register("third@example.lu")
        #expect(second.json["status"] as? String == "waitlisted")
        let id = try #require(first.json["id"] as? String)
        #expect(try fixture.request("DELETE", "/registrations/\(id)").status == 401)
        let wrong = try fixture.request("DELETE", "/registrations/\(id)",
                                        headers: [fixture.bearer(third.json["cancellationToken"] as? String ?? "")])
        #expect(wrong.status == 401, "another registration's token does not cancel this one")
        #expect(try fixture.request("DELETE", "/registrations/\(id)", headers: [fixture.bearer(fixture.reader.token)]).status == 403)
        let cancel = try fixture.request("DELETE", "/registrations/\(id)",
                                         headers: [fixture.bearer(first.json["cancellationToken"] as? String ?? "")])
        #expect(cancel.status == 204)
        let secondId = try #require(second.json["id"] as? String)
        let promoted = try fixture.request("GET", "/registrations/\(secondId)", headers: [fixture.bearer(fixture.reader.token)])
        #expect(promoted.json["status"] as? String == "confirmed")
        let again = try fixture.request("DELETE", "/registrations/\(id)",
                                        headers: [fixture.bearer(first.json["cancellationToken"] as? String ?? "")])
        #expect(again.status == 409)
    }

    @Test func csvHasHeaderQuotingFormulaSafetyAndAccents() throws {
        let fixture = try WriteFixture(capacity: 10)
        let body = #"{"name":"=HYPERLINK(\"http://x\",\"a, b\")","email":"eve@example.lu","organisation":"Œuvre, \"Ste-Zoé\"","consent":true}"#
        #expect(try fixture.request("POST", "/events/\(WriteFixture.openEvent)/registrations", body: body).status == 201)
        #expect(try fixture.register("zoe@example.lu").status == 201)
        let auth = [fixture.bearer(fixture.reader.token)]
        let csv = try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations.csv", headers: auth)
        let negotiated = try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations",
                                             headers: auth + [("Accept", "text/csv")])
        for reply in [csv, negotiated] {
            #expect(reply.status == 200)
            #expect(reply.header("Content-Type")?.hasPrefix("text/csv; charset=utf-8") == true)
            #expect(reply.header("Cache-Control") == "no-store")
            let text = String(decoding: reply.body.dropFirst(3), as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines.first == "id,status,createdAt,cancelledAt,slotId,name,email,organisation,language,erased")
            #expect(text.contains(#","'=HYPERLINK(""http://x"",""a, b"")",eve@example.lu,"Œuvre, ""Ste-Zoé""",,false"#))
            #expect(text.contains(",Zoé Müller,zoe@example.lu,Asbl Œuvre,fr,false"))
        }
        #expect(try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations.csv").status == 401)
    }

    @Test func csvInstantsMatchTheJSONAndTheMarkIsOptional() throws {
        let fixture = try WriteFixture(capacity: 10)
        let reply = try fixture.register("zone@example.lu")
        let id = try #require(reply.json["id"] as? String)
        let auth = [fixture.bearer(fixture.reader.token)]
        let path = "/events/\(WriteFixture.openEvent)/registrations"
        let json = try fixture.request("GET", "/registrations/\(id)", headers: auth)
        let createdAt = try #require(json.json["createdAt"] as? String)
        #expect(createdAt.hasSuffix("+01:00"), "the event's zone (Europe/Luxembourg in November)")
        let csv = try fixture.request("GET", path + ".csv", headers: auth)
        #expect(csv.body.starts(with: [0xEF, 0xBB, 0xBF]), "the mark stays the default, for Excel")
        #expect(csv.text.contains("\(id),confirmed,\(createdAt),"), "CSV and JSON give the same instant (it was …Z)")
        for target in [path + ".csv?bom=false", path + "?bom=false"] {
            let plain = try fixture.request("GET", target, headers: auth + [("Accept", "text/csv")])
            #expect(plain.status == 200)
            #expect(plain.body.starts(with: Array("id,status,createdAt,".utf8)), "\(target): no byte order mark")
        }
        let wrong = try fixture.request("GET", path + ".csv?bom=maybe", headers: auth)
        #expect(wrong.status == 400)
        #expect(wrong.json["parameter"] as? String == "bom")
    }

    @Test func erasureRemovesThePersonFromTheAPIAndTheDisk() throws {
        let fixture = try WriteFixture()
        // A key built the way a front office builds one: from the person's name.
        let key = "phone-20261123-zoe-mueller"
        let reply = try fixture.register("erase-me@example.lu", key: key)
        let id = try #require(reply.json["id"] as? String)
        #expect(fixture.dataBytes().firstRange(of: Array("erase-me@example.lu".utf8)) != nil, "the test can see it first")
        let requestDigest = try #require(fixture.store.state.registrations[id]?.claim?.requestSHA256)
        #expect(fixture.dataBytes().firstRange(of: Array(key.utf8)) != nil, "the journal holds the key")
        let erased = try fixture.request("DELETE", "/registrations/\(id)/personal-data",
                                         headers: [fixture.bearer(fixture.admin.token)])
        #expect(erased.status == 204)
        let view = try fixture.request("GET", "/registrations/\(id)", headers: [fixture.bearer(fixture.reader.token)])
        #expect(view.json["erased"] as? Bool == true)
        #expect(!view.text.contains("erase-me") && !view.text.contains("Müller"))
        let list = try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations",
                                       headers: [fixture.bearer(fixture.reader.token)])
        #expect((list.json["counts"] as? [String: Int])?["erased"] == 1)
        for secret in ["erase-me@example.lu", "Zoé Müller", "Asbl Œuvre", key, requestDigest] {
            #expect(fixture.dataBytes().firstRange(of: Array(secret.utf8)) == nil, "\(secret) is gone from disk")
        }
        let record = try #require(fixture.store.state.registrations[id])
        #expect(record.claim?.retryKey == nil && record.claim?.requestSHA256 == nil && record.language == nil,
                "gone from memory too")
        // Nothing remembers the request any more, so the key cannot replay it; registering it again would undo
        // the erasure. (This answered 422 "reused with a different request" before, which was not true.)
        let retry = try fixture.register("erase-me@example.lu", key: key)
        #expect(retry.status == 409)
        #expect(retry.json["conflict"] as? String == "registrationErased")
        #expect(fixture.store.state.registrations.count == 1)
    }

    @Test func countsPartitionTheRegistrations() throws {
        let fixture = try WriteFixture(capacity: 1)
        let first = try fixture.register("one@example.lu")
        _ = try fixture.register("two@example.lu")
        let third = try fixture.register("three@example.lu")
        let firstId = try #require(first.json["id"] as? String), thirdId = try #require(third.json["id"] as? String)
        #expect(try fixture.request("DELETE", "/registrations/\(firstId)/personal-data",
                                    headers: [fixture.bearer(fixture.admin.token)]).status == 204)
        #expect(try fixture.request("DELETE", "/registrations/\(thirdId)",
                                    headers: [fixture.bearer(fixture.admin.token)]).status == 204)
        let list = try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations",
                                       headers: [fixture.bearer(fixture.reader.token)])
        let counts = try #require(list.json["counts"] as? [String: Int])
        // One erased confirmed, one waitlisted, one cancelled: each counts once (it said confirmed 1, erased 1).
        #expect(counts == ["confirmed": 0, "waitlisted": 1, "cancelled": 1, "erased": 1])
        #expect(counts.values.reduce(0, +) == (list.json["items"] as? [Any])?.count)
    }

    @Test func deletingAnEventWithRegistrationsNeedsAdmin() throws {
        let fixture = try WriteFixture()
        #expect(try fixture.register("someone@example.lu").status == 201)
        let path = "/events/\(WriteFixture.openEvent)"
        #expect(try fixture.request("DELETE", path, headers: [fixture.bearer(fixture.editor.token)]).status == 403)
        #expect(try fixture.request("DELETE", "/events/\(WriteFixture.noneEvent)",
                                    headers: [fixture.bearer(fixture.editor.token)]).status == 204)
        #expect(try fixture.request("DELETE", path, headers: [fixture.bearer(fixture.admin.token)]).status == 204)
        #expect(fixture.dataBytes().firstRange(of: Array("someone@example.lu".utf8)) == nil, "gone from disk too")
    }

    @Test func noPersonalDataOrTokensInTheLog() throws {
        let fixture = try WriteFixture()
        let reply = try fixture.register("logged@example.lu")
        let token = reply.json["cancellationToken"] as? String ?? "-"
        _ = try fixture.request("GET", "/events/\(WriteFixture.openEvent)/registrations",
                                headers: [fixture.bearer(fixture.reader.token)])
        _ = try fixture.register("bad email", extra: "")
        fixture.stop()
        let log = fixture.logText()
        #expect(log.contains("/registrations"), "the requests were logged")
        for secret in ["logged@example.lu", "Zoé", "Müller", "Œuvre", "bad email", token, fixture.reader.token] {
            #expect(!log.contains(secret), "\(secret) is not in the log")
        }
    }

    @Test func unwritableStoreAnswers503WithRetryAfter() throws {
        let fixture = try WriteFixture(fault: .init(operation: .fsync, call: 1, errno: EIO, persistent: true))
        let reply = try fixture.register("disk@example.lu")
        #expect(reply.status == 503)
        #expect(reply.header("Retry-After") != nil)
        let partner = try fixture.request("POST", "/partners", headers: [fixture.bearer(fixture.editor.token)],
                                          body: #"{"name":"Disk Full"}"#)
        #expect(partner.status == 503)
        #expect(fixture.store.state.registrations.isEmpty)
    }
}
