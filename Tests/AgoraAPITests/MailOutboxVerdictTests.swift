@testable import AgoraAPI
import AgoraDomain
@testable import AgoraStore
import Foundation
import OutboundMail
import Testing

/// What an attempt's outcome does to a message (`MailOutbox.verdict`, which the file's queue and the shared rows
/// both follow): an operator whose relay refuses an address for good must not see it retried for three days, and
/// a relay that is down must not lose the message before the schedule gives up.
@Suite struct MailOutboxVerdictTests {
    typealias Support = MailOutboxTests

    static let entry = MailQueue.Entry(registrationId: "anna", sequence: 3, kind: .confirmed,
                                       content: .deferred(eventId: "journee", language: "fr", token: nil, date: 1_795_000_000))

    /// An outbox over a new store in a temporary directory; the store is closed however `body` ends (an early
    /// return after a recorded issue included).
    static func withOutbox(_ body: (MailOutbox) throws -> Void) async throws {
        try await Support().withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            defer { try? store.close() }
            try body(try #require(try Support.outbox(directory, store, Support.RecordingTransport())))
        }
    }

    @Test func aTransientFailureIsRetriedWithBackOffUntilTheScheduleGivesUp() async throws {
        try await Self.withOutbox { outbox in
            let first = Instant(secondsSince1970: 1_800_000_000)

            guard case .retry(let once) = outbox.verdict(on: .transient("451 try later"), for: Self.entry, at: first) else {
                Issue.record("a transient failure is retried")
                return
            }
            #expect(once.failures == 1 && once.firstAttempt == first)
            // The test's schedule retries first after an hour, ±20 % jitter.
            #expect((2_880...4_320).contains(once.notBefore - Double(first.secondsSince1970)), "\(once.notBefore)")

            let later = Instant(secondsSince1970: first.secondsSince1970 + 3 * 86_400 - 1)
            guard case .retry(let twice) = outbox.verdict(on: .transient("421 busy"), for: once, at: later) else {
                Issue.record("retried until three days after the first attempt")
                return
            }
            #expect(twice.failures == 2 && twice.firstAttempt == first, "the first attempt is kept, not the latest")
            #expect((5_760...8_640).contains(twice.notBefore - Double(later.secondsSince1970)), "doubled: \(twice.notBefore)")

            let givenUp = Instant(secondsSince1970: first.secondsSince1970 + 3 * 86_400)
            guard case .finished = outbox.verdict(on: .transient("421 busy"), for: twice, at: givenUp) else {
                Issue.record("three days after the first attempt the message is given up")
                return
            }
        }
    }

    @Test func acceptedAndRefusedForGoodBothEndTheMessage() async throws {
        try await Self.withOutbox { outbox in
            let now = Instant(secondsSince1970: 1_800_000_000)
            for outcome in [MailDelivery.accepted, .permanent("550 5.1.1 no such user")] {
                guard case .finished = outbox.verdict(on: outcome, for: Self.entry, at: now) else {
                    Issue.record("\(outcome) ends the message")
                    continue
                }
            }
        }
    }

    /// Through the file's queue: a 5yz is recorded `done` at once, so a restarted server does not send it again.
    @Test func aMessageRefusedForGoodIsDoneInTheFileAndNotOwedAfterARestart() async throws {
        try await Support().withDirectory { directory in
            let store = try DurableStore<AgoraState>.open(directory: directory + "/data") { AgoraState() }
            let refusing = Support.RecordingTransport(.permanent("550 5.1.1 no such user"))
            var outbox = try Support.outbox(directory, store, refusing)
            _ = await store.submit(.createEvent(event: Support.event))
            _ = await Support.register("anna", store, outbox)
            #expect(try await refusing.waitFor(1).count == 1)
            try await Support().waitUntil { outbox?.state.withLock { $0.queue.isEmpty } == true }
            #expect(outbox?.state.withLock { $0.queue.isEmpty } == true, "refused for good: not owed")
            #expect(try Support.file(directory).contains(#"{"op":"done","registration":"anna""#))
            outbox = nil

            let again = try Support.outbox(directory, store, Support.RecordingTransport())
            #expect(again?.state.withLock { $0.queue.isEmpty } == true, "the reopened file owes nothing")
            try store.close()
        }
    }
}
