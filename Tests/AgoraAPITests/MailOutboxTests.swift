@testable import AgoraAPI
import AgoraDomain
import AgoraDomainTesting
import AgoraStore
import Cryptography
import Foundation
import Logging
import OutboundMail
import Synchronization
import Testing

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
            #expect(try Self.file(directory).contains("anna@example.lu"))
            _ = await store.submit(.deleteEvent(eventId: Self.event.id))
            let file = try Self.file(directory)
            #expect(!file.contains("anna@example.lu") && !file.contains("ben@example.lu") && !file.contains(token), "\(file)")
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
            let notice = outbox?.state.withLock { $0.queue.sortedEntries.first { $0.kind == .eventCancelled }?.message }
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

    func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = NSTemporaryDirectory() + "agora-mail-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }
}
