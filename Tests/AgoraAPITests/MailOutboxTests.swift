@testable import AgoraAPI
import AgoraDomain
import AgoraDomainTesting
@testable import AgoraStore
import Cryptography
import Dispatch
import Foundation
import Logging
import OutboundMail
import Synchronization
import Testing
import TestSupport

/// The mail outbox over a real store and a real outbox file in a temp dir, with a transport that records what it
/// is handed (the SMTP and sendmail paths are `make mail-test`'s, against aiosmtpd and a program).
@Suite struct MailOutboxTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let front = "https://front.example.test"

    /// Accepts (recording) or answers every attempt with `answer`; the outbox retries a transient answer only an
    /// hour later, so a refused message stays queued for the test's whole length.
    final class RecordingTransport: MailTransport {
        let answer: MailDelivery
        let handed = Mutex<[MailMessage]>([])
        init(_ answer: MailDelivery = .accepted) { self.answer = answer }
        func deliver(_ message: MailMessage, timeout: Double) -> MailDelivery {
            handed.withLock { $0.append(message) }
            return answer
        }

        /// Waits (polling the count: the condition itself) until `count` messages were handed over.
        func waitFor(_ count: Int) async throws -> [MailMessage] {
            let deadline = Date().addingTimeInterval(20)
            while handed.withLock({ $0.count }) < count, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
            return handed.withLock { $0 }
        }
    }

    static func outbox(_ directory: String, _ store: DurableStore<AgoraState>, _ transport: RecordingTransport) throws -> MailOutbox? {
        let settings = MailSettings(transport: transport, outboxPath: directory + "/mail.jsonl",
                                    from: MailAddress(address: "programme@agora.example"),
                                    schedule: WebhookSchedule(firstRetry: 3600))
        return try MailOutbox(settings: settings, publicURL: front, store: store, now: { Instant(Date()) }, logger: logger)
    }

    static let event = Fixture.event(registration: Fixture.rules(capacity: 1, waitingList: WaitingList()))

    /// A registration as the API submits it: the token lent to the outbox, its SHA-256 in the claim.
    static func register(_ id: String, _ store: DurableStore<AgoraState>, _ outbox: MailOutbox?) async -> String {
        let (token, digest) = AccessToken.generate()
        outbox?.lend(token, for: id)
        var request = Fixture.request(id)
        request.claim = RegistrationClaim(cancellationTokenSHA256: digest)
        _ = await store.submit(.register(request: request))
        return token
    }

    static func file(_ directory: String) throws -> String { try String(contentsOfFile: directory + "/mail.jsonl", encoding: .utf8) }

    @Test func thePromotionCarriesTheWaitingListsLinkAcrossARestartAndTheTokenIsForgottenAfter() async throws {
        try await withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let first = RecordingTransport()
            var outbox = try Self.outbox(directory, store, first)
            _ = await store.submit(.createEvent(event: Self.event))
            _ = await Self.register("anna", store, outbox)
            let waiting = await Self.register("ben", store, outbox)
            let link = "\(Self.front)/cancel/ben#token=\(waiting)"
            let sent = try await first.waitFor(2)
            #expect(sent.count == 2 && sent[1].text.contains(link), "the waiting-list message carries the link")
            #expect(try Self.file(directory).contains(#""op":"token","registration":"ben""#), "kept for the promotion")
            try store.close()
            outbox = nil

            let reopened = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let second = RecordingTransport()
            let again = try Self.outbox(directory, reopened, second)
            _ = await reopened.submit(.cancelRegistration(registrationId: "anna", at: Fixture.at("08:00")))
            let after = try await second.waitFor(2)
            let promotion = after.first { $0.to.address == "ben@example.lu" }
            #expect(promotion?.subject.hasPrefix("Une place s’est libérée") == true, "\(after.map(\.subject))")
            #expect(promotion?.text.contains(link) == true, "the promotion carries the same link: \(promotion?.text ?? "none")")
            #expect(promotion?.text.contains("premier e-mail") == false, "no pointer to the first e-mail when the link is there")
            try reopened.close()
            _ = again
            // Compacted at the next start: the promoted registration's token is no longer kept.
            let third = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            _ = try Self.outbox(directory, third, RecordingTransport(.transient("down")))
            #expect(try !Self.file(directory).contains(waiting), "the token left the file after the promotion")
            try third.close()
        }
    }

    /// Holds the first message until `open()`, then accepts every one: the rest queue up behind it meanwhile.
    final class GatedTransport: MailTransport {
        let gate = DispatchSemaphore(value: 0)
        let handed = Mutex(0)
        func open() { gate.signal() }
        func deliver(_ message: MailMessage, timeout: Double) -> MailDelivery {
            if handed.withLock({ count in count += 1; return count == 1 }) { gate.wait() }
            return .accepted
        }
    }

    /// A long backlog goes out one message after another without nesting: 20 000 confirmations queued behind a
    /// relay that holds the first, then all delivered. (Each message used to call the next delivery from inside
    /// itself, one stack frame per message, so a backlog this long overflowed the delivery queue's stack.)
    @Test func aLongBacklogIsDeliveredWithoutNesting() async throws {
        try await withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let transport = GatedTransport()
            let settings = MailSettings(transport: transport, outboxPath: directory + "/mail.jsonl",
                                        from: MailAddress(address: "programme@agora.example"),
                                        schedule: WebhookSchedule(firstRetry: 3600))
            let outbox = try MailOutbox(settings: settings, publicURL: Self.front, store: store, now: { Instant(Date()) },
                                        logger: Self.logger)
            _ = await store.submit(.createEvent(event: Fixture.event(registration: Fixture.rules(capacity: 100_000))))
            let count = 20_000, writers = 64
            await withTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for index in stride(from: writer, to: count, by: writers) { _ = await Self.register("r\(index)", store, outbox) }
                    }
                }
            }
            transport.open()
            // Bounded by progress, not a total: the suite's other tests share the cores.
            #expect(try await waitWhileProgressing(to: count) { transport.handed.withLock { $0 } } == count)
            try store.close()
        }
    }

    /// Two requests with one Idempotency-Key lend two tokens for one id; the store keeps the first one's digest.
    @Test func theLinkCarriesTheTokenWhoseDigestTheStoreKept() async throws {
        try await withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let transport = RecordingTransport()
            let outbox = try Self.outbox(directory, store, transport)
            _ = await store.submit(.createEvent(event: Self.event))
            let (kept, digest) = AccessToken.generate()
            outbox?.lend(kept, for: "anna")
            outbox?.lend(AccessToken.generate().token, for: "anna")
            var request = Fixture.request("anna")
            request.claim = RegistrationClaim(cancellationTokenSHA256: digest)
            _ = await store.submit(.register(request: request))
            let sent = try await transport.waitFor(1)
            #expect(sent.first?.text.contains("#token=\(kept)") == true, "\(sent.first?.text ?? "nothing sent")")
            try store.close()
        }
    }

    @Test func deletingTheEventDropsItsQueuedMailFromTheFileAtOnce() async throws {
        try await withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let transport = RecordingTransport(.transient("451 try later"))
            let outbox = try Self.outbox(directory, store, transport)
            _ = await store.submit(.createEvent(event: Self.event))
            let token = await Self.register("anna", store, outbox)
            _ = await Self.register("ben", store, outbox)
            let before = try Self.file(directory)
            #expect(before.contains(#""op":"enqueue","registration":"anna""#) && before.contains(token), "\(before)")
            #expect(!before.contains("anna@example.lu"), "the address stays in the store, out of the outbox file")
            _ = await store.submit(.deleteEvent(eventId: Self.event.id))
            let file = try Self.file(directory)
            #expect(!file.contains(#""registration":"anna""#) && !file.contains(#""registration":"ben""#)
                    && !file.contains(token), "\(file)")
            #expect(outbox?.state.withLock { $0.queue.isEmpty && $0.queue.tokens.isEmpty } == true, "nothing owed any more")
            try store.close()
        }
    }

    @Test func cancellingTheEventReplacesWhatIsOwedWithItsNotice() async throws {
        try await withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let transport = RecordingTransport(.transient("451 try later"))
            let outbox = try Self.outbox(directory, store, transport)
            _ = await store.submit(.createEvent(event: Self.event))
            _ = await Self.register("anna", store, outbox)
            _ = await Self.register("ben", store, outbox)
            _ = await Self.register("cleo", store, outbox)
            _ = await store.submit(.cancelRegistration(registrationId: "cleo", at: Fixture.at("08:00")))
            var cancelled = Self.event
            cancelled.status = .cancelled
            _ = await store.submit(.updateEvent(event: cancelled))
            _ = await store.submit(.updateEvent(event: cancelled))  // a second update of a cancelled event: no second notice
            let owed = outbox?.state.withLock { $0.queue.sortedEntries.map { "\($0.registrationId) \($0.kind.rawValue)" } } ?? []
            #expect(owed == ["cleo waitlisted", "cleo cancelled", "anna event-cancelled", "ben event-cancelled"], "\(owed)")
            #expect(outbox?.state.withLock { $0.queue.tokens.isEmpty } == true, "nobody waits for a promotion")
            let owedNotice = outbox?.state.withLock { $0.queue.sortedEntries.first { $0.kind == .eventCancelled } }
            let notice = owedNotice.flatMap { outbox?.message(for: $0) }
            #expect(notice?.subject == "Annulé : Journée sociale", "\(notice?.subject ?? "none")")
            #expect(notice?.text.contains("est annulé") == true)
            let invite = String(decoding: notice?.attachments.first?.bytes ?? [], as: UTF8.self)
            #expect(invite.contains("STATUS:CANCELLED"), "\(invite)")
            // Reopened, the file says the same.
            try store.close()
            let reopened = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let again = try Self.outbox(directory, reopened, RecordingTransport(.transient("451")))
            #expect(again?.state.withLock { $0.queue.sortedEntries.map { "\($0.registrationId) \($0.kind.rawValue)" } } == owed)
            try reopened.close()
        }
    }

    /// The store's group commit hands the observer one batch of N registrations: the outbox appends their records
    /// with one write and one fsync, not one a message (issue #12: mail on cost registrations most of their rate).
    @Test func aBatchOfRegistrationsIsOneAppendToTheFile() async throws {
        try await withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let transport = RecordingTransport()
            let outbox = try #require(try Self.outbox(directory, store, transport))
            _ = await store.submit(.createEvent(event: Self.event))
            let count = 8
            // Held: the writer queue (so the N submissions wait in the inbox and become one batch) and the delivery
            // queue (so no `done` is appended while the batch's appends are counted).
            let writerHeld = DispatchSemaphore(value: 0)
            let deliveryHeld = DispatchSemaphore(value: 0)
            store.queue.async { writerHeld.wait() }
            outbox.delivery.async { deliveryHeld.wait() }
            let appendsBefore = outbox.state.withLock { $0.appends }
            let answered = DispatchGroup()
            var tokens: [String] = []
            for index in 0..<count {
                let (token, digest) = AccessToken.generate()
                tokens.append(token)
                outbox.lend(token, for: "p\(index)")
                var request = Fixture.request("p\(index)")
                request.claim = RegistrationClaim(cancellationTokenSHA256: digest)
                answered.enter()
                store.submit(.register(request: request)) { _ in answered.leave() }
            }
            writerHeld.signal()
            await withCheckedContinuation { done in answered.notify(queue: .global()) { done.resume() } }
            let appends = outbox.state.withLock { $0.appends } - appendsBefore
            deliveryHeld.signal()
            #expect(appends == 1, "one append (one fsync) for the batch of \(count), not \(appends)")
            let records = try Self.file(directory).split(separator: "\n")
            #expect(records.filter { $0.contains(#""op":"enqueue""#) }.count == count, "\(records)")
            #expect(records.filter { $0.contains(#""op":"token""#) }.count == count - 1, "the waiting ones' tokens")
            #expect(!records.contains { $0.contains("@example.lu") }, "no address in the file")
            // And the messages composed at delivery carry the links.
            let sent = try await transport.waitFor(count)
            for (index, token) in tokens.enumerated() {
                let message = sent.first { $0.to.address == "p\(index)@example.lu" }
                #expect(message?.text.contains("/cancel/p\(index)#token=\(token)") == true, "\(message?.text ?? "none")")
            }
            try store.close()
        }
    }

    /// An outbox file written before composing moved to delivery holds whole messages: one still loads, is kept
    /// whole by a compaction, and is sent as it was, once.
    @Test func aWholeMessageRecordOfAnOlderFileIsStillSent() async throws {
        try await withDirectory { directory in
            let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n"
            let record = #"{"op":"enqueue","registration":"old-1","seq":3,"kind":"confirmed","#
                + #""from":"programme@agora.example","to":"olga@example.lu","subject":"Anmeldung bestätigt","#
                + #""text":"Hallo Olga Old,\ndu bist angemeldet.","messageId":"registration-old-1-3@agora.example","#
                + #""date":1795000000,"toName":"Olga Old","language":"de","#
                + #""calendar":"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:PUBLISH\r\nEND:VCALENDAR\r\n","#
                + #""calendarType":"text/calendar; charset=utf-8; method=PUBLISH"}"# + "\n"
            try record.write(toFile: directory + "/mail.jsonl", atomically: true, encoding: .utf8)
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let refusing = RecordingTransport(.transient("451 later"))
            var outbox = try Self.outbox(directory, store, refusing)
            let tried = try await refusing.waitFor(1)
            #expect(try Self.file(directory).contains(#""text":"Hallo Olga Old"#), "compacted whole")
            outbox = nil
            let accepting = RecordingTransport()
            let again = try Self.outbox(directory, store, accepting)
            let sent = try await accepting.waitFor(1)
            let expected = MailMessage(
                from: MailAddress(address: "programme@agora.example"), to: MailAddress(address: "olga@example.lu", name: "Olga Old"),
                subject: "Anmeldung bestätigt", text: "Hallo Olga Old,\ndu bist angemeldet.",
                attachments: [MailMessage.Attachment(contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                                                     filename: "invite.ics", bytes: Array(calendar.utf8))],
                messageID: "registration-old-1-3@agora.example", date: 1_795_000_000, language: "de")
            #expect(tried == [expected] && sent == [expected], "\(sent)")
            try await waitUntil { again?.state.withLock { $0.queue.isEmpty } == true }
            #expect(try Self.file(directory).contains(#"{"op":"done","registration":"old-1","seq":3}"#))
            _ = outbox
            try store.close()
        }
    }

    /// Polls `condition` (the condition itself, not a guess at a duration) for up to 20 seconds.
    func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(20)
        while !condition(), Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
    }

    func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "agora-mail-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }
}
