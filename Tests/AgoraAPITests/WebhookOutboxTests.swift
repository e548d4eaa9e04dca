@testable import AgoraAPI
import AgoraDomain
import AgoraJSON
import AgoraStore
import Foundation
import Logging
import Testing
import TestSupport

/// The outbox over a real store and a real file in a temp dir: what is queued survives reopening, and compaction
/// keeps the file small without losing a message. Deliveries go to a loopback address not allowed (refused before
/// connecting), with a first retry an hour away: one attempt each, nothing leaves the queue.
@Suite struct WebhookOutboxTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func settings(_ directory: String, compactAfter: Int = 20_000) -> WebhookSettings {
        WebhookSettings(outboxPath: directory + "/webhooks.jsonl", schedule: WebhookSchedule(firstRetry: 3600),
                        timeoutSeconds: 1, compactAfterRecords: compactAfter)
    }

    static func partner(_ id: String) -> Command {
        .createPartner(partner: Partner(id: id, name: "Partner \(id)", kind: .association))
    }

    static func subscriptionBody() throws -> JSONInput {
        try JSONParser.parse(Array(#"{"url": "http://localhost:9/hook", "types": ["partner.created"]}"#.utf8))
    }


    @Test func queuedMessagesSurviveReopeningWithTheirSubscription() async throws {
        try await withDirectoryAsync { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let outbox = try WebhookOutbox(settings: Self.settings(directory), store: store, now: { Instant(Date()) },
                                           logger: Self.logger)
            let created = try outbox.create(Self.subscriptionBody(), after: store.sequence)
            guard case .object(let members) = created, case .string(let id)? = members.first(where: { $0.0 == "id" })?.1
            else { Issue.record("no id in \(created.text)"); return }
            for name in ["a", "b", "c"] { _ = await store.submit(Self.partner(name)) }
            try store.close()

            let reopened = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let again = try WebhookOutbox(settings: Self.settings(directory), store: reopened, now: { Instant(Date()) },
                                          logger: Self.logger)
            let view = try again.view(of: id)
            #expect(view.text.contains(#""backlog":3"#), "\(view.text)")
            #expect(view.text.contains(#""nextSequence":1"#), "\(view.text)")
            try reopened.close()
        }
    }

    /// Issue 12: a registration is delivered as `availability.updated` of its event (to a subscription that asks
    /// for it, with its `events` filter), naming nobody.
    @Test func registrationsAreAvailabilityUpdatesFilteredByEventWithoutPersonalData() async throws {
        try await withDirectoryAsync { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let outbox = try WebhookOutbox(settings: Self.settings(directory), store: store, now: { Instant(Date()) },
                                           logger: Self.logger)
            let body = try JSONParser.parse(Array(#"{"url": "http://localhost:9/hook", "types": ["availability.updated"], "events": ["open-day"]}"#.utf8))
            _ = try outbox.create(body, after: store.sequence)
            let at = { (text: String) in Instant(rfc3339: text) ?? Instant(secondsSince1970: 0) }
            for id in ["open-day", "other-day"] {
                _ = await store.submit(.createEvent(event: Event(
                    id: id, title: .fr("Journée"), startsAt: at("2030-06-15T09:00:00+02:00"),
                    endsAt: at("2030-06-15T17:00:00+02:00"), timeZone: "Europe/Luxembourg", defaultLanguage: "fr",
                    registration: .required(RegistrationRules(capacity: 5)))))
            }
            for (number, eventId) in ["open-day", "other-day", "open-day"].enumerated() {
                _ = await store.submit(.register(request: RegistrationRequest(
                    id: "reg-\(number)", eventId: eventId, name: "Marie Schmit", email: "marie\(number)@example.lu",
                    requestedAt: at("2026-11-23T12:00:00Z"))))
            }
            _ = await store.submit(Self.partner("a"))
            #expect(outbox.list.text.contains(#""backlog":2"#), "\(outbox.list.text)")
            let queued = try OutboxFile(path: directory + "/webhooks.jsonl").lines().map { String(decoding: $0, as: UTF8.self) }
                .filter { $0.contains(#""op":"enqueue""#) }
            #expect(queued.count == 2)
            #expect(queued.allSatisfy { $0.contains("/events/open-day/availability") })
            #expect(!queued.joined().contains("Marie") && !queued.joined().contains("@example.lu"))
            try store.close()
        }
    }

    @Test func compactionDropsDeliveredMessagesAndKeepsTheOthers() async throws {
        try await withDirectoryAsync { directory in
            let receiver = try LoopbackReceiver()
            defer { receiver.stop() }
            var settings = Self.settings(directory, compactAfter: 8)
            settings.allowedHosts = ["127.0.0.1"]
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let outbox = try WebhookOutbox(settings: settings, store: store, now: { Instant(Date()) }, logger: Self.logger)
            let body = try JSONParser.parse(Array(#"{"url": "http://127.0.0.1:\#(receiver.port)/hook", "types": ["partner.created"]}"#.utf8))
            _ = try outbox.create(body, after: store.sequence)
            // A second subscription whose receiver refuses (loopback not allowed for localhost): its messages stay.
            _ = try outbox.create(Self.subscriptionBody(), after: store.sequence)
            for index in 0..<30 { _ = await store.submit(Self.partner("p\(index)")) }
            let deadline = Date().addingTimeInterval(20)
            while receiver.received.count < 30, Date() < deadline {
                try await Task.sleep(for: .milliseconds(10))  // polling the receiver's count: the condition itself
            }
            #expect(receiver.received.count == 30)
            // 2 puts + 60 enqueues + 30 dones (+ failures) were appended; compaction leaves the 30 still owed.
            let lines = try OutboxFile(path: directory + "/webhooks.jsonl").lines()
            #expect(lines.count < 50, "\(lines.count) lines")
            try store.close()
            let reopened = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let again = try WebhookOutbox(settings: Self.settings(directory), store: reopened, now: { Instant(Date()) },
                                          logger: Self.logger)
            let backlogs = again.list.text.components(separatedBy: #""backlog":"#).dropFirst().map { $0.prefix { $0.isNumber } }
            #expect(backlogs.sorted() == ["0", "30"], "\(again.list.text)")
            try reopened.close()
        }
    }

    /// Disabled: nothing sent, every change still queued (durably); enabled again: delivered from its first
    /// undelivered change, nothing lost (Docs/webhooks.md, "Disabled subscriptions").
    @Test func aDisabledSubscriptionQueuesAndResumesFromItsCursorWhenEnabled() async throws {
        try await withDirectoryAsync { directory in
            let receiver = try LoopbackReceiver()
            defer { receiver.stop() }
            guard let (store, outbox, id) = try Self.disabledSubscription(to: receiver, in: directory) else { return }
            for name in ["a", "b", "c"] { _ = await store.submit(Self.partner(name)) }
            let paused = try outbox.view(of: id)
            #expect(paused.text.contains(#""enabled":false"#) && paused.text.contains(#""backlog":3"#)
                    && paused.text.contains(#""nextSequence":1"#), "\(paused.text)")
            // A disabled subscription starts no worker (`kick`): nothing can have been sent.
            #expect(receiver.received.count == 0)
            let enabled = try outbox.update(id, try JSONParser.parse(Array(#"{"enabled": true}"#.utf8)))
            #expect(enabled.text.contains(#""backlog":3"#) && enabled.text.contains(#""nextSequence":1"#), "\(enabled.text)")
            let deadline = Date().addingTimeInterval(20)
            while receiver.received.count < 3, Date() < deadline {
                try await Task.sleep(for: .milliseconds(10))  // polling the receiver's count: the condition itself
            }
            #expect(receiver.received.count == 3, "every change of the disabled time delivered")
            try store.close()
        }
    }

    /// A long backlog goes out one message after another without nesting: 12 000 changes queued while the
    /// subscription was disabled, then enabled, all arrive. (Each delivered message used to call the next delivery
    /// from inside itself, one stack frame per message, so a backlog this long overflowed the worker's stack.)
    @Test func aLongBacklogIsDeliveredWithoutNesting() async throws {
        try await withDirectoryAsync { directory in
            let receiver = try LoopbackReceiver()
            defer { receiver.stop() }
            guard let (store, outbox, id) = try Self.disabledSubscription(to: receiver, in: directory) else { return }
            let count = 12_000, writers = 64
            // Many writers at once, so the store commits them in large batches (one fsync each).
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for index in stride(from: writer, to: count, by: writers) { _ = await store.submit(Self.partner("p\(index)")) }
                    }
                }
            }
            #expect(try outbox.view(of: id).text.contains(#""backlog":\#(count)"#))
            _ = try outbox.update(id, try JSONParser.parse(Array(#"{"enabled": true}"#.utf8)))
            // Bounded by progress, not a total: under the parallel suite 12 000 deliveries took over two minutes.
            #expect(try await waitWhileProgressing(to: count) { receiver.received.count } == count)
            try store.close()
        }
    }

    /// A store and its outbox in `directory`, with one subscription to `receiver` for partner changes, created
    /// disabled (its changes queue up until it is enabled); nil, with the issue recorded, when no id came back.
    static func disabledSubscription(to receiver: LoopbackReceiver, in directory: String) throws
        -> (DurableStore<AgoraState>, WebhookOutbox, String)? {
        var settings = Self.settings(directory)
        settings.allowedHosts = ["127.0.0.1"]
        let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
        let outbox = try WebhookOutbox(settings: settings, store: store, now: { Instant(Date()) }, logger: Self.logger)
        let body = try JSONParser.parse(Array(#"{"url": "http://127.0.0.1:\#(receiver.port)/hook", "types": ["partner.created"], "enabled": false}"#.utf8))
        let created = try outbox.create(body, after: store.sequence)
        guard case .object(let members) = created, case .string(let id)? = members.first(where: { $0.0 == "id" })?.1
        else { Issue.record("no id in \(created.text)"); return nil }
        return (store, outbox, id)
    }

    func withDirectoryAsync(_ body: (String) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "agora-outbox-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }
}
