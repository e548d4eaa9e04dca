@testable import AgoraAPI
import Testing

/// The order delivery takes messages in: earliest sequence first, past the ones waiting for a retry, and a
/// removed one never handed out again.
@Suite struct MailQueueTests {
    static func entry(_ id: String, _ sequence: UInt64) -> MailQueue.Entry {
        MailQueue.Entry(registrationId: id, sequence: sequence, kind: .confirmed,
                        content: .deferred(eventId: "e", language: nil, token: nil, date: 0))
    }

    @Test func theEarliestDueFirstPastOnesWaitingForARetry() {
        var queue = MailQueue()
        for (index, id) in ["a", "b", "c"].enumerated() { queue.enqueue(Self.entry(id, UInt64(index + 1))) }
        #expect(queue.next(at: 100).due?.registrationId == "a")
        var retrying = Self.entry("a", 1)
        retrying.notBefore = 200
        queue.update(retrying)
        #expect(queue.next(at: 100).due?.registrationId == "b", "a waits for its retry")
        queue.remove("b/2")
        queue.remove("c/3")
        let next = queue.next(at: 100)
        #expect(next.due == nil && next.wakeAt == 200, "only a is left, due at 200")
        #expect(queue.next(at: 200).due?.registrationId == "a")
        queue.remove("a/1")
        #expect(queue.next(at: 300).due == nil && queue.next(at: 300).wakeAt == nil && queue.isEmpty)
    }

    @Test func aLongBacklogDrainedInOrder() {
        var queue = MailQueue()
        for sequence in 1...5_000 { queue.enqueue(Self.entry("r\(sequence)", UInt64(sequence))) }
        var sent: [UInt64] = []
        while let due = queue.next(at: 0).due {
            sent.append(due.sequence)
            queue.remove(due.key)
        }
        #expect(sent == Array(1...5_000))
    }
}
