// Erasure in the shared log (issue #15): the batch that erases a person and the removal of their data from the
// older rows and snapshots are ONE transaction, so a crash, a lost connection or a killed instance leaves all of
// the erasure or none of it — never the erasure committed beside the data it erased (with a snapshot after the
// append, the person stayed in the older rows until some instance snapshotted again). An erasure not committed
// was never acknowledged: the client's retry (Idempotency-Key) makes it again.
//
// As the journal files do (a snapshot, then an empty journal), the older rows go and a snapshot of the state
// after the batch replaces every older snapshot; the batch's own rows stay, although the snapshot holds them, so
// a follower that had read everything before the batch reads the erasing command like any other (its change feed
// and outboxes see it, and it drops the person from memory by applying it). The store starts a batch at each
// erasing command (HistoryPurge.inAppend), so those rows hold nothing judged before it. A follower further behind
// finds its next rows gone and reloads from the snapshot (`.historyPruned`), as after any snapshot.
import AgoraStore

extension PostgresCommandLog {
    /// Inside the append's transaction, after the batch's rows `first...last` were inserted: the snapshot of the
    /// state after `last` replaces every older snapshot, and the rows before the batch are deleted.
    static func replaceHistory(_ connection: PostgresConnection, with snapshot: (rows: [[UInt8]], bytes: Int),
                               first: UInt64, last: UInt64) throws(PostgresError) {
        // The snapshot lock as well (after the append lock, the order every path takes them in): a snapshot of an
        // older state being written now — a background one of this instance, or another instance's — commits
        // before the DELETE below sees the table, or waits and then finds this newer one and writes nothing.
        // Without it, it could commit after this DELETE and bring the person back.
        try connection.execute("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresSchema.snapshotLock)])
        // The pieces go with their snapshot (ON DELETE CASCADE).
        try connection.execute("DELETE FROM agora_snapshots WHERE sequence <= $1", [.integer(Int64(last))])
        try insertPieces(connection, rows: snapshot.rows, bytes: snapshot.bytes, sequence: last)
        try connection.execute("DELETE FROM agora_commands WHERE sequence < $1", [.integer(Int64(first))])
    }
}
