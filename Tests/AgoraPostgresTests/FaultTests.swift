// PostgreSQL failing under the store (issue #15), each test on a cluster of its own (they stop and reconfigure
// the server): writes are refused with "unavailable" (503) while it is down and resume after, reads go on from
// memory, and a commit whose outcome the client never learnt is resolved by the retry.
import AgoraPostgres
import AgoraStore
import Dispatch
import Foundation
import PostgresTesting
import Testing

@Suite struct PostgresFaultTests {
    @Test func writesAreRefusedWhilePostgresIsDownAndResumeAfter() throws {
        let cluster = try PostgresCluster()
        let database = try SharedDatabase(cluster: cluster)
        let (store, _) = try database.open(probeSeconds: 0.1)
        #expect(try store.submitAndWait(.take(name: "ada")).get() == 1)
        cluster.stop()
        guard case .failure(.unavailable) = store.submitAndWait(.take(name: "grace")) else {
            Issue.record("a write while PostgreSQL is down must be refused as unavailable")
            return
        }
        #expect(!store.isWritable, "the store says so (/readyz turns 503)")
        #expect(store.state.holders == ["ada"], "reads go on from memory")
        try cluster.start()
        #expect(eventually(within: 60) { store.isWritable }, "the probe reconnects")
        #expect(try store.submitAndWait(.take(name: "grace")).get() == 2)
        try store.close()
        let (reopened, _) = try database.open()
        #expect(reopened.state.holders == ["ada", "grace"], "nothing acknowledged was lost")
        try reopened.close()
    }

    /// The connection is lost while COMMIT waits: PostgreSQL has committed locally but the client never hears.
    /// A synchronous standby that does not exist holds COMMIT after the local flush (synchronous_standby_names),
    /// and terminating the waiting backend then reports "the transaction has already committed locally".
    @Test func anUnknownCommitOutcomeIsResolvedByTheRetry() throws {
        let cluster = try PostgresCluster()
        let database = try SharedDatabase(cluster: cluster)
        let (store, _) = try database.open(probeSeconds: 0.1)
        let first = try database.answerToAnUnheardCommit(of: .take(name: "ada"), by: store)
        guard case .failure(.unavailable) = first else {
            Issue.record("a commit whose outcome is unknown must be answered unavailable (503)")
            return
        }
        #expect(try database.sql("SELECT count(*) FROM agora_commands") == "1", "it did commit")
        #expect(eventually(within: 60) { store.isWritable })
        // The client retries (the same name: its idempotency key) and gets the first answer, not a second seat.
        #expect(try store.submitAndWait(.take(name: "ada")).get() == 1)
        #expect(store.state.holders == ["ada"])
        try store.close()
        let (reopened, _) = try database.open()
        #expect(reopened.state.holders == ["ada"], "one seat, in the log as in memory")
        try reopened.close()
    }

    @Test func aRestartOfPostgresUnderLoadLosesNothingAcknowledged() throws {
        let cluster = try PostgresCluster()
        let database = try SharedDatabase(cluster: cluster)
        let (store, _) = try database.open(probeSeconds: 0.1, capacity: 1_000)
        var acknowledged: [String] = []
        var refused = 0
        let restarted = DispatchSemaphore(value: 0)
        var afterRestart = 0
        var index = 0
        let deadline = Date().addingTimeInterval(60)
        // Writes go on beside the restart until 100 more were acknowledged after it (bounded by the deadline).
        while afterRestart < 100, Date() < deadline {
            switch store.submitAndWait(.take(name: "w\(index)")) {
            case .success:
                acknowledged.append("w\(index)")
                if restarted.wait(timeout: .now()) == .success { restarted.signal(); afterRestart += 1 }
            case .failure: refused += 1
            }
            if index == 100 { DispatchQueue.global().async { try? cluster.restart(); restarted.signal() } }
            index += 1
        }
        #expect(refused > 0, "writes are refused (503) while PostgreSQL is down")
        #expect(afterRestart == 100, "writes resume after the restart")
        try store.close()
        let (reopened, _) = try database.open()
        #expect(Set(acknowledged).isSubset(of: Set(reopened.state.holders)), "every acknowledged write is in the log")
        try reopened.close()
    }
}
