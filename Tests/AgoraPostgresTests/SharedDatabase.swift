// Stores of "instances" on one PostgreSQL database: each its own PostgresCommandLog (connections, listener),
// as separate processes would have.
import AgoraPostgres
import AgoraStore
import Foundation
import PostgresTesting
import Synchronization

struct SharedDatabase {
    let cluster: PostgresCluster
    let url: String

    init(cluster: PostgresCluster = .shared) throws {
        self.cluster = cluster
        url = try cluster.createDatabase()
    }

    var database: String { String(url.split(separator: "/").last ?? "") }

    func open(pollSeconds: Double = 1, probeSeconds: Double = 0.1, capacity: Int = 10) throws -> (SeatStore, PostgresCommandLog<Seats>) {
        let log = try PostgresCommandLog<Seats>.open(options: PostgresLogOptions(url: url, pollSeconds: pollSeconds))
        let store = try SeatStore.open(log: log, options: StoreOptions(snapshotEverySeconds: 0, diskProbeSeconds: probeSeconds)) {
            Seats(capacity: capacity)
        }
        return (store, log)
    }

    /// Runs `statement` in this database.
    @discardableResult
    func sql(_ statement: String) throws -> String {
        try cluster.sql(statement, database: database)
    }
}

/// Waits until `condition` holds, checking every 10 ms, for at most `seconds`; returns whether it held. A bound that
/// only keeps a broken test from hanging is 60 s (the whole suite runs in parallel on two cores: waits of 10 s timed
/// out there); a shorter one is what the test asserts (a follower within 1 s, a take-over within 3 s).
func eventually(within seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}

extension SeatStore {
    /// Blocking submit (never from the store's queue).
    func submitAndWait(_ command: Seats.Command) -> Result<Int, SubmitError<Seats.Failure>> {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox()
        submit(command) { result in
            box.set(result)
            done.signal()
        }
        done.wait()
        return box.get()
    }
}

final class ResultBox: Sendable {
    private let value = Mutex<Result<Int, SubmitError<Seats.Failure>>?>(nil)
    func set(_ result: Result<Int, SubmitError<Seats.Failure>>) { value.withLock { $0 = result } }
    func get() -> Result<Int, SubmitError<Seats.Failure>> { value.withLock { $0 } ?? .failure(.unavailable("no completion")) }
}
