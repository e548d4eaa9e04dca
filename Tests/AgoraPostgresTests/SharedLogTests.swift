// Several instances on one PostgreSQL log (issue #15), in process: a batch is judged against the log's head,
// followers learn of others' appends through LISTEN/NOTIFY (or the poll, when the notification is lost).
import AgoraPostgres
import AgoraStore
import Testing

@Suite struct PostgresSharedLogTests {
    @Test func capacityHoldsAcrossInstancesUnderConcurrentWrites() async throws {
        let database = try SharedDatabase()
        let (first, _) = try database.open()
        let (second, _) = try database.open()
        let (third, _) = try database.open()
        let stores = [first, second, third]
        let results = await withTaskGroup(of: Result<Int, SubmitError<Seats.Failure>>.self) { group in
            for index in 0..<60 {
                group.addTask { await stores[index % 3].submit(.take(name: "person\(index)")) }
            }
            var all: [Result<Int, SubmitError<Seats.Failure>>] = []
            for await result in group { all.append(result) }
            return all
        }
        let seats = results.compactMap { try? $0.get() }
        let full = results.filter { if case .failure(.rejected(.full)) = $0 { true } else { false } }
        #expect(seats.sorted() == Array(1...10), "exactly the capacity is given out, each seat once")
        #expect(full.count == 50)
        #expect(try database.sql("SELECT count(*) FROM agora_commands") == "10")
        for store in stores { try store.close() }
        let (reopened, _) = try database.open()
        #expect(reopened.state.holders.count == 10)
        try reopened.close()
    }

    @Test func aFollowerIsWokenByTheNotificationAtOnce() throws {
        let database = try SharedDatabase()
        let (writer, _) = try database.open()
        // A poll once an hour: only the notification can bring the write over within the second.
        let (follower, followerLog) = try database.open(pollSeconds: 3_600)
        #expect(eventually(within: 5) { followerLog.listenerBackendPID != 0 })
        _ = writer.submitAndWait(.take(name: "ada"))
        #expect(eventually(within: 1) { follower.state.holders == ["ada"] })
        #expect(follower.sequence == writer.sequence)
        try writer.close()
        try follower.close()
    }

    @Test func aFollowerWhoseListeningConnectionIsTerminatedCatchesUp() throws {
        let database = try SharedDatabase()
        let (writer, _) = try database.open()
        let (follower, followerLog) = try database.open(pollSeconds: 0.2)
        #expect(eventually(within: 5) { followerLog.listenerBackendPID != 0 })
        let pid = followerLog.listenerBackendPID
        try database.sql("SELECT pg_terminate_backend(\(pid))")
        // Appended while the follower listens nowhere: its notification is lost for good.
        _ = writer.submitAndWait(.take(name: "ada"))
        _ = writer.submitAndWait(.take(name: "grace"))
        #expect(eventually(within: 5) { follower.state.holders == ["ada", "grace"] })
        #expect(eventually(within: 5) { followerLog.listenerBackendPID != 0 && followerLog.listenerBackendPID != pid },
                "it listens again on a new connection")
        try writer.close()
        try follower.close()
    }

    @Test func theInstanceThatWroteReadsItsWriteAtOnce() throws {
        let database = try SharedDatabase()
        let (writer, _) = try database.open(pollSeconds: 3_600)
        let (other, _) = try database.open(pollSeconds: 3_600)
        _ = other.submitAndWait(.take(name: "ada"))
        // The acknowledgement comes after the state is published on the instance that wrote.
        #expect(try writer.submitAndWait(.take(name: "grace")).get() == 2, "judged after ada's seat, which it had not read")
        #expect(writer.state.holders == ["ada", "grace"])
        try writer.close()
        try other.close()
    }
}
