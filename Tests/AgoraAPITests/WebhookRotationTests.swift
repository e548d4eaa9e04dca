@testable import AgoraAPI
import AgoraDomain
import AgoraJSON
import AgoraStore
import Foundation
import HTTPServer
import Synchronization
import Testing

/// Rotation against a real loopback receiver and an injected clock: during the grace a delivery carries the new
/// and the old secret's signatures, after it only the new one; the replaced secret survives reopening (which
/// compacts the file).
@Suite struct WebhookRotationTests {
    /// The signatures of a received request that verify with `secret` (Standard Webhooks, computed from the
    /// request's own id, timestamp and body), and how many the header carried.
    static func signatures(in request: String, verifyingWith secret: String) -> (verified: Int, carried: Int) {
        guard let end = request.range(of: "\r\n\r\n") else { return (0, 0) }
        var headers: [String: String] = [:]
        for line in request[..<end.lowerBound].split(separator: "\r\n").dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(request[end.upperBound...].utf8)
        guard let id = headers["webhook-id"], let timestamp = headers["webhook-timestamp"].flatMap({ Int64($0) }),
              let carried = headers["webhook-signature"]?.split(separator: " ").map(String.init),
              let expected = WebhookSignature.header(secret: secret, id: id, timestamp: timestamp, body: body)
        else { return (0, 0) }
        return (carried.filter { $0 == expected }.count, carried.count)
    }

    static func secret(of view: JSONValue) -> String? {
        guard case .string(let text)? = JSONParser.parseOrNil(view.bytes)?["secret"] else { return nil }
        return text
    }

    @Test func bothSignaturesDuringTheGraceAndOnlyTheNewOneAfter() async throws {
        let directory = NSTemporaryDirectory() + "agora-rotation-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let receiver = try LoopbackReceiver()
        defer { receiver.stop() }
        let clock = Mutex(Instant(secondsSince1970: 1_800_000_000))
        var settings = WebhookOutboxTests.settings(directory)
        settings.allowedHosts = ["127.0.0.1"]
        settings.secretGraceSeconds = 3600
        let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
        let outbox = try WebhookOutbox(settings: settings, store: store, now: { clock.withLock { $0 } },
                                       logger: WebhookOutboxTests.logger)
        let body = try JSONParser.parse(Array(#"{"url": "http://127.0.0.1:\#(receiver.port)/hook", "types": ["partner.created"]}"#.utf8))
        let created = try outbox.create(body, after: store.sequence)
        guard case .string(let id)? = JSONParser.parseOrNil(created.bytes)?["id"], let old = Self.secret(of: created)
        else { Issue.record("no id or secret in \(created.text)"); return }

        let rotated = try outbox.rotateSecret(id)
        guard let new = Self.secret(of: rotated) else { Issue.record("no secret in \(rotated.text)"); return }
        #expect(new != old)
        #expect(rotated.text.contains(#""previousSecretValidUntil":"2027-01-15T09:00:00Z""#), "\(rotated.text)")
        #expect(!(try outbox.view(of: id)).text.contains(new), "the new secret is shown once")

        clock.withLock { $0 = $0.adding(seconds: 3599) }
        _ = await store.submit(WebhookOutboxTests.partner("during"))
        try await receiver.awaitRequests(1)
        let during = receiver.requests.all[0]
        #expect(Self.signatures(in: during, verifyingWith: new) == (1, 2))
        #expect(Self.signatures(in: during, verifyingWith: old) == (1, 2))

        clock.withLock { $0 = $0.adding(seconds: 1) }
        _ = await store.submit(WebhookOutboxTests.partner("after"))
        try await receiver.awaitRequests(2)
        let after = receiver.requests.all[1]
        #expect(Self.signatures(in: after, verifyingWith: new) == (1, 1))
        #expect(Self.signatures(in: after, verifyingWith: old) == (0, 1))
        try store.close()

        // Reopening replays the file and compacts it; twice, so the second reads what compaction wrote.
        for _ in 0..<2 {
            let reopened = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let again = try WebhookOutbox(settings: settings, store: reopened, now: { clock.withLock { $0 } },
                                          logger: WebhookOutboxTests.logger)
            let subscription = again.state.withLock { $0.subscriptions[id] }
            #expect(subscription?.secret == new)
            #expect(subscription?.previousSecret == old)
            #expect(subscription?.signingSecrets(at: Instant(secondsSince1970: 1_800_003_599)) == [new, old])
            try reopened.close()
        }
    }

    @Test func rotatingAnUnknownSubscriptionIsNotFound() throws {
        let store = try DurableStore<AgoraState>.open(directory: NSTemporaryDirectory() + "agora-rotation-" + UUID().uuidString) { AgoraState() }
        defer { try? store.close() }
        let outbox = try WebhookOutbox(settings: WebhookSettings(), store: store, now: { Instant(Date()) },
                                       logger: WebhookOutboxTests.logger)
        #expect(throws: Problem.self) { try outbox.rotateSecret("wh_none") }
    }
}

extension LoopbackReceiver {
    /// Waits until `count` requests came in (20 s at most): polling the condition itself, not a guessed delay.
    func awaitRequests(_ count: Int) async throws {
        let deadline = Date().addingTimeInterval(20)
        while received.count < count, Date() < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(received.count >= count)
    }
}
