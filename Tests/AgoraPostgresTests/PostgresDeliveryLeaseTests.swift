// The delivery lease and the shared outbox rows (issue #15, "One deliverer"): of two leases on one database one
// is held; terminating the holder's session (a lost connection) takes it away at once, and when the holder is
// gone for good (its process dead) the other takes it within its retry; rows inserted twice are owed once, a delivered one is not queued
// again by a late insert, and a token fills in only while the row is owed.
import AgoraPostgres
import Foundation
import Synchronization
import Testing

@Suite("Postgres delivery lease and shared outbox")
struct PostgresDeliveryLeaseTests {
    final class Events: Sendable {
        private let log = Mutex<[PostgresDeliveryLease.Event]>([])
        func append(_ event: PostgresDeliveryLease.Event) { log.withLock { $0.append(event) } }
        func count(_ event: PostgresDeliveryLease.Event) -> Int { log.withLock { $0.filter { $0 == event }.count } }
    }

    static func lease(_ url: String) -> (PostgresDeliveryLease, Events) {
        let lease = PostgresDeliveryLease(url: url, tickSeconds: 0.2)
        let events = Events()
        lease.observe { events.append($0) }
        lease.start()
        return (lease, events)
    }

    @Test func oneHolderAndATakeoverWhenItsSessionEnds() throws {
        let database = try SharedDatabase()
        _ = try PostgresOutbox(url: database.url)  // migrates
        let (first, firstEvents) = Self.lease(database.url)
        let (second, secondEvents) = Self.lease(database.url)
        defer { first.stop(); second.stop() }
        #expect(eventually(within: 5) { first.isHeld || second.isHeld })
        // Both have tried a few times by now: still one holder.
        #expect(eventually(within: 5) { firstEvents.count(.tick) >= 3 && secondEvents.count(.tick) >= 3 })
        #expect(first.isHeld != second.isHeld, "exactly one holder")
        let (holder, holderEvents, other, otherEvents) = first.isHeld ? (first, firstEvents, second, secondEvents)
            : (second, secondEvents, first, firstEvents)
        // Its session terminated (a lost connection): it stops delivering at once; whoever tries first holds it next.
        try database.sql("SELECT pg_terminate_backend(\(holder.backendPID))")
        #expect(eventually(within: 2) { holderEvents.count(.lost) == 1 }, "the holder stops at once")
        #expect(eventually(within: 3) { first.isHeld != second.isHeld }, "one holder again")
        // The holder gone for good (its process dead: its session ends): the other takes over within its retry.
        let (current, standby, standbyEvents) = holder.isHeld ? (holder, other, otherEvents) : (other, holder, holderEvents)
        let taken = standbyEvents.count(.taken)
        current.stop()
        try database.sql("SELECT pg_terminate_backend(\(current.backendPID))")
        #expect(eventually(within: 3) { standby.isHeld && standbyEvents.count(.taken) == taken + 1 }, "the other takes over")
    }

    @Test func rowsAreOwedOnceAndADeliveredOneStaysDone() throws {
        let database = try SharedDatabase()
        let outbox = try PostgresOutbox(url: database.url)
        let rows = [OutboxRow(key: "wh_a", sequence: 7, content: "seven"), OutboxRow(key: "wh_a", sequence: 5, content: "five")]
        try outbox.insert("webhooks", rows)
        try outbox.insert("webhooks", [OutboxRow(key: "wh_a", sequence: 5, content: "five again")])
        #expect(try outbox.head("webhooks", key: "wh_a") == OutboxRow(key: "wh_a", sequence: 5, content: "five"))
        #expect(try outbox.backlog("webhooks") == [OutboxBacklog(key: "wh_a", count: 2, first: 5)])
        try outbox.markDone("webhooks", key: "wh_a", sequence: 5)
        try outbox.insert("webhooks", [OutboxRow(key: "wh_a", sequence: 5, content: "five, late")])
        #expect(try outbox.head("webhooks", key: "wh_a")?.sequence == 7, "a late insert does not queue a delivered row again")
        try outbox.insert("webhooks", [OutboxRow(key: "wh_a", sequence: 5, content: "five")], reopen: true)
        #expect(try outbox.head("webhooks", key: "wh_a")?.sequence == 5, "a replay does")
        // Tokens: the registering instance's insert fills in a row another instance inserted first.
        try outbox.insert("mail", [OutboxRow(key: "r1", sequence: 3, content: "{}")])
        #expect(try outbox.pending("mail", limit: 10, settledSeconds: 60).isEmpty, "a row without a token waits to settle")
        try outbox.insert("mail", [OutboxRow(key: "r1", sequence: 3, content: "{}", token: "clear-token")])
        #expect(try outbox.pending("mail", limit: 10, settledSeconds: 60).map(\.token) == ["clear-token"])
        try outbox.markDone("mail", key: "r1", sequence: 3)
        #expect(try database.sql("SELECT count(*) FROM agora_outbox_messages WHERE token IS NOT NULL") == "0",
                "sent: the token is gone")
        try outbox.insert("mail", [OutboxRow(key: "r1", sequence: 3, content: "{}", token: "clear-token")])
        #expect(try database.sql("SELECT count(*) FROM agora_outbox_messages WHERE token IS NOT NULL") == "0",
                "a late insert does not bring it back")
    }
}
