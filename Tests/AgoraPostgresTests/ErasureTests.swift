// Erasure in the shared log (issue #15): the erasing command and the removal of the person from the older rows
// and snapshots are one transaction. A connection (or an instance) lost in between leaves all of the erasure or
// none of it, the client's retry completes one that did not commit, and a follower applies it like any command.
@testable import AgoraPostgres
import AgoraStore
import Dispatch
import Foundation
import PostgresTesting
import Synchronization
import Testing

@Suite struct PostgresErasureTests {
    static let person = "Zoe Quetschenmuller-Erasure"

    /// Where the erasure used to be split: its command row committed, then a snapshot written and the older rows
    /// deleted in later transactions. An outside session holds the snapshot lock, so the erasure stops at its
    /// snapshot; the tables there are what a crash of the instance at that moment leaves. Then the waiting
    /// connection is terminated, as a crash or a network cut would end it.
    @Test func anErasureIsCommittedWholeOrNotAtAll() throws {
        let database = try SharedDatabase()
        let (store, _) = try database.open()
        let (follower, _) = try database.open(pollSeconds: 0.2)
        #expect(try store.submitAndWait(.take(name: Self.person)).get() == 1)
        #expect(try store.submitAndWait(.take(name: "Grace")).get() == 2)
        #expect(eventually(within: 60) { follower.state.holders == [Self.person, "Grace"] })

        let blocker = try PostgresConnection.connect(database.url)
        try blocker.execute("SELECT pg_advisory_lock($1)", [.integer(PostgresSchema.snapshotLock)])
        // A completion, not a Task: the test blocks its thread while waiting, and tasks share a pool of one per core.
        let answer = ResultBox()
        let answered = DispatchSemaphore(value: 0)
        store.submit(.erase(seat: 1)) { result in
            answer.set(result)
            answered.signal()
        }
        let waiting = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
            + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        #expect(eventually(within: 60) { (try? database.sql(waiting))?.isEmpty == false }, "the erasure waits for the snapshot lock")
        try expectWholeOrNone(database, "if the instance crashed now")

        try database.sql("SELECT pg_terminate_backend(pid) FROM (\(waiting)) AS w")
        try blocker.execute("SELECT pg_advisory_unlock($1)", [.integer(PostgresSchema.snapshotLock)])
        answered.wait()
        guard case .failure(.unavailable) = answer.get() else {
            Issue.record("an erasure whose connection was lost must be answered unavailable (503), not \(answer.get())")
            return
        }
        #expect(eventually(within: 60) { store.isWritable })
        try expectWholeOrNone(database, "after the lost connection")

        // The client's retry (its Idempotency-Key) completes the erasure.
        #expect(try store.submitAndWait(.erase(seat: 1)).get() == 1)
        #expect(try !database.cluster.dump(database.url).contains(Self.person), "the person is in no table")
        #expect(store.state.holders == ["", "Grace"])
        #expect(eventually(within: 60) { follower.state.holders == ["", "Grace"] }, "the follower drops it from memory")
        try store.close()
        try follower.close()
        let (reopened, _) = try database.open()
        #expect(reopened.state.holders == ["", "Grace"])
        try reopened.close()
    }

    /// The erasure's transaction committed but the client never heard: a synchronous standby that does not exist
    /// holds COMMIT after the local flush, and the waiting backend is terminated (as in PostgresFaultTests, on a
    /// cluster of its own). The answer is 503, the erasure is already whole, and the retry succeeds: the store reads
    /// its own erasure back as the first row after its sequence, which the erasure kept for that.
    @Test func anErasureWhoseCommitWasNotHeardIsWholeAndTheRetrySucceeds() throws {
        let cluster = try PostgresCluster()
        let database = try SharedDatabase(cluster: cluster)
        let (store, _) = try database.open(probeSeconds: 0.1)
        #expect(try store.submitAndWait(.take(name: Self.person)).get() == 1)
        #expect(try store.submitAndWait(.take(name: "Grace")).get() == 2)
        let answer = try database.answerToAnUnheardCommit(of: .erase(seat: 1), by: store)
        guard case .failure(.unavailable) = answer else {
            Issue.record("an erasure whose commit outcome is unknown must be answered unavailable (503), not \(answer)")
            return
        }
        try expectWholeOrNone(database, "after the unheard commit")
        #expect(try database.sql(#"SELECT count(*) FROM agora_commands WHERE command LIKE '%"erase"%'"#) == "1", "it did commit")
        #expect(eventually(within: 60) { store.isWritable })
        #expect(try store.submitAndWait(.erase(seat: 1)).get() == 1, "the client's retry succeeds")
        #expect(store.state.holders == ["", "Grace"])
        #expect(try !cluster.dump(database.url).contains(Self.person), "the person is in no table")
        try store.close()
        let (reopened, _) = try database.open()
        #expect(reopened.state.holders == ["", "Grace"])
        try reopened.close()
    }

    /// A follower that had read everything before the erasure reads the erasing command itself (its change feed
    /// and outboxes are handed it like any other), and a new instance starts from the erasure's snapshot.
    @Test func aFollowerAppliesTheErasureAndNoTableKeepsThePerson() throws {
        let database = try SharedDatabase()
        let (store, _) = try database.open()
        let (follower, _) = try database.open(pollSeconds: 0.2)
        let observed = ObservedCommands()
        _ = follower.observeCommits { committed in observed.add(committed.commands.map(\.command)) }
        _ = try store.submitAndWait(.take(name: Self.person)).get()
        _ = try store.submitAndWait(.take(name: "Grace")).get()
        #expect(eventually(within: 60) { follower.sequence == store.sequence })
        #expect(try database.cluster.dump(database.url).contains(Self.person), "precondition: the dump shows the rows")

        #expect(try store.submitAndWait(.erase(seat: 1)).get() == 1)
        let dump = try database.cluster.dump(database.url)
        #expect(!dump.contains(Self.person), "the person is in no table once the erasure is acknowledged")
        #expect(dump.contains("Grace"), "the erasure's snapshot holds everyone else")
        #expect(try database.sql("SELECT string_agg(sequence::text, ',' ORDER BY sequence) FROM agora_commands") == "3",
                "the rows before the erasure are gone; its own row stays for followers")
        #expect(try database.sql("SELECT string_agg(sequence::text, ',') FROM agora_snapshots") == "3")
        #expect(eventually(within: 60) { follower.state.holders == ["", "Grace"] }, "the follower drops it from memory")
        #expect(eventually(within: 60) { observed.all == [.take(name: Self.person), .take(name: "Grace"), .erase(seat: 1)] },
                "its commit observers are handed the erasure: \(observed.all)")

        let (fresh, _) = try database.open()
        #expect(fresh.state.holders == ["", "Grace"] && fresh.sequence == 3, "a new instance starts from the erasure's snapshot")
        try fresh.close()
        try store.close()
        try follower.close()
    }

    /// The erasure is all there (its row committed, the person in no table) or not at all (no row): never its row
    /// committed while the person is still in agora_commands or a snapshot.
    private func expectWholeOrNone(_ database: SharedDatabase, _ moment: String,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let committed = try database.sql(#"SELECT count(*) FROM agora_commands WHERE command LIKE '%"erase"%'"#) != "0"
        let traces = try database.cluster.dump(database.url).contains(Self.person)
        #expect(!(committed && traces), "\(moment), the erasure is committed while the person is still in a table",
                sourceLocation: sourceLocation)
    }
}

/// The commands a store's commit observer was handed, in order (the observer runs on the store's writer queue).
final class ObservedCommands: Sendable {
    private let commands = Mutex<[Seats.Command]>([])

    func add(_ more: [Seats.Command]) { commands.withLock { $0 += more } }

    var all: [Seats.Command] { commands.withLock { $0 } }
}
