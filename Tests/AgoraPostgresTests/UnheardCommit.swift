// A COMMIT that PostgreSQL flushed locally but whose answer the store never hears (issue #15's unknown outcome), for
// the fault and erasure tests. A synchronous standby that does not exist (`synchronous_standby_names`) holds every
// COMMIT after the local flush; terminating the backend that waits for it reports "the transaction has already
// committed locally" and breaks the store's connection. Reconfigures `cluster`: give the test a cluster of its own.
import AgoraStore
import Dispatch
import PostgresTesting

/// The hold could not be set up: the test fails with this instead of hanging or asserting on a commit never held.
struct UnheardCommitSetupFailed: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}

extension SharedDatabase {
    /// Submits `command` to `store` while every commit is held, terminates the backend waiting for it, lifts the hold,
    /// and returns what the store answered.
    func answerToAnUnheardCommit(of command: Seats.Command, by store: SeatStore) throws
        -> Result<Int, SubmitError<Seats.Failure>> {
        try cluster.sql("ALTER SYSTEM SET synchronous_standby_names = 'nobody'")
        try cluster.sql("SELECT pg_reload_conf()")
        // pg_reload_conf only signals the postmaster: once a new session sees the setting, every backend (the store's
        // append connection too) has been signalled and applies it before its next statement. Submitting earlier
        // could commit unheld, and the wait below would then find no one.
        guard eventually(within: 60, { (try? sql("SHOW synchronous_standby_names")) == "nobody" }) else {
            throw UnheardCommitSetupFailed(reason: "the server never applied synchronous_standby_names")
        }
        // A completion, not a Task: the test blocks its thread while waiting, and tasks share a pool of one per core.
        let answer = ResultBox()
        let answered = DispatchSemaphore(value: 0)
        store.submit(command) { result in
            answer.set(result)
            answered.signal()
        }
        let waiting = "SELECT pid FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND datname = '\(database)'"
        let held = eventually(within: 60) { (try? sql(waiting))?.isEmpty == false }
        if held { try sql("SELECT pg_terminate_backend(pid) FROM (\(waiting)) AS w") }
        try cluster.sql("ALTER SYSTEM RESET synchronous_standby_names")
        try cluster.sql("SELECT pg_reload_conf()")
        answered.wait()
        guard held else { throw UnheardCommitSetupFailed(reason: "no backend waited for the held commit") }
        return answer.get()
    }
}
