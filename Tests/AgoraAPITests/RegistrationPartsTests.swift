@testable import AgoraAPI
import AgoraDomain
import Cryptography
import HTTPServer
import Synchronization
import Testing

/// CSV encoding, the rate limit's arithmetic, token configuration and bearer parsing — the parts the
/// socket tests rely on, checked where their edge cases are cheap to reach.
@Suite struct RegistrationPartsTests {
    @Test func csvQuotesNeutralisesFormulasAndKeepsAccents() {
        #expect(RegistrationCSV.cell("plain") == "plain")
        #expect(RegistrationCSV.cell("a,b") == "\"a,b\"")
        #expect(RegistrationCSV.cell("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(RegistrationCSV.cell("two\nlines") == "\"two\nlines\"")
        for formula in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx"] {
            #expect(RegistrationCSV.cell(formula).hasPrefix("'") || RegistrationCSV.cell(formula).hasPrefix("\"'"))
        }
        #expect(RegistrationCSV.cell("=HYPERLINK(\"x\",1)") == "\"'=HYPERLINK(\"\"x\"\",1)\"")
        let registration = Registration(id: "r1", eventId: "e", slotId: nil,
                                        personalData: PersonalData(name: "Zoé Œuvre", email: "z@example.lu"),
                                        language: "fr", status: .confirmed,
                                        createdAt: Instant(secondsSince1970: 0), sequence: 1)
        let bytes = RegistrationCSV.encode([registration], timeZone: nil)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("id,status,createdAt,cancelledAt,slotId,name,email,organisation,language,erased\r\n"))
        #expect(text.contains("r1,confirmed,1970-01-01T00:00:00Z,,,Zoé Œuvre,z@example.lu,,fr,false\r\n"))
    }

    @Test func csvInstantsAreInTheEventsZoneAndTheMarkCanBeLeftOut() {
        let registration = Registration(id: "r1", eventId: "e", slotId: nil,
                                        personalData: PersonalData(name: "Zoé", email: "z@example.lu"),
                                        language: "fr", status: .cancelled,
                                        createdAt: Instant(rfc3339: "2030-06-15T08:00:00Z") ?? Instant(secondsSince1970: 0),
                                        cancelledAt: Instant(rfc3339: "2030-12-01T08:00:00Z"), sequence: 1)
        let bytes = RegistrationCSV.encode([registration], timeZone: "Europe/Luxembourg", bom: false)
        #expect(bytes.starts(with: Array("id,status,".utf8)), "no byte order mark")
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("r1,cancelled,2030-06-15T10:00:00+02:00,2030-12-01T09:00:00+01:00,"), "summer and winter time")
    }

    @Test func tokenBucketRefillsAndSaysWhenToRetry() {
        let clock = Mutex<Double>(1000)
        let limit = RegistrationRateLimit(settings: .init(perMinute: 6, burst: 2), now: { clock.withLock { $0 } })
        #expect(limit.take(client: "a") == .allowed)
        #expect(limit.take(client: "a") == .allowed)
        #expect(limit.take(client: "a") == .limited(retryAfterSeconds: 10))
        #expect(limit.take(client: "b") == .allowed, "addresses have their own buckets")
        clock.withLock { $0 += 4 }
        #expect(limit.take(client: "a") == .limited(retryAfterSeconds: 6))
        clock.withLock { $0 += 6 }
        #expect(limit.take(client: "a") == .allowed)
        let off = RegistrationRateLimit(settings: .init(perMinute: 0), now: { 0 })
        for _ in 0..<100 { #expect(off.take(client: "a") == .allowed) }
    }

    @Test func rateLimitMemoryIsBounded() {
        let limit = RegistrationRateLimit(settings: .init(perMinute: 1, burst: 1, maxClients: 10), now: { 0 })
        for index in 0..<1000 { _ = limit.take(client: "10.0.0.\(index)") }
        #expect(limit.clientCount <= 10)
    }

    @Test func replayKeepsTokensForTheRetentionAndWithinItsCapacity() {
        let clock = Mutex<Double>(0)
        let replay = RegistrationReplay(retention: 86_400, capacity: 100, now: { clock.withLock { $0 } })
        replay.remember("a", cancellationToken: "t")
        clock.withLock { $0 = 86_399 }
        #expect(replay.cancellationToken(for: "a") == "t", "kept for the whole retention")
        clock.withLock { $0 = 86_400 }
        #expect(replay.cancellationToken(for: "a") == nil)
        for index in 0..<1000 {
            clock.withLock { $0 = 100_000 + Double(index) }
            replay.remember("r\(index)", cancellationToken: "t")
        }
        #expect(replay.count <= 100)
        #expect(replay.cancellationToken(for: "r999") != nil, "the newest tokens stay")
    }

    @Test func peerAddressDropsThePort() {
        #expect(RegistrationRateLimit.address(ofPeer: "127.0.0.1:5000") == "127.0.0.1")
        #expect(RegistrationRateLimit.address(ofPeer: "[::1]:5000") == "::1")
    }

    @Test func tokensSettingIsParsedAndChecked() throws {
        let (token, hash) = AccessToken.generate()
        let tokens = try AccessTokens(configured: ["editor:\(hash.uppercased()):alice"], adminToken: "env-secret")
        #expect(tokens.entry(for: token)?.role == .editor)
        #expect(tokens.entry(for: token)?.name == "alice")
        #expect(tokens.entry(for: "env-secret")?.role == .admin)
        #expect(tokens.entry(for: token + "x") == nil)
        #expect(throws: AccessTokens.ConfigurationError.self) { try AccessTokens(configured: ["root:\(hash)"]) }
        #expect(throws: AccessTokens.ConfigurationError.self) { try AccessTokens(configured: ["admin:\(token)"]) }
        do {
            _ = try AccessTokens(configured: ["admin:\(token)"])
        } catch {
            #expect(!error.description.contains(token), "a pasted token is never echoed")
        }
    }

    @Test func bearerHeaderForms() {
        func presented(_ value: String?) -> BearerToken.Presented {
            var headers = HTTPHeaders()
            if let value { headers.add("Authorization", value) }
            let head = RequestHead(method: .get, target: RequestTarget(path: "/", segments: []), version: .http1_1,
                                   headers: headers, framing: .none, keepAlive: true, expectsContinue: false)
            return BearerToken.presented(in: Request(head: head))
        }
        #expect(presented(nil) == .none)
        #expect(presented("Bearer abc") == .token("abc"))
        #expect(presented("bearer  abc ") == .token("abc"))
        #expect(presented("Basic abc") == .malformed)
        #expect(presented("Bearer a b") == .malformed)
        #expect(presented("Bearer ") == .malformed)
    }
}
