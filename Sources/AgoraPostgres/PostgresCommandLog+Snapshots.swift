// Snapshots in PostgreSQL (issue #15): the state's JSON in pieces of agora_snapshot_pieces under one row of
// agora_snapshots, written in one transaction, so a new instance starts from the latest snapshot plus the rows
// after it. Several instances may snapshot; one holding a snapshot at least as new makes the others' writes
// no-ops, and installing one deletes the older ones and the command rows it holds, as the journal files drop
// the journal. A follower that had not read those rows yet is told `.historyPruned` and reloads from the
// snapshot. An erasure's snapshot is written inside the erasure's own append instead (+Purging).
public import AgoraStore

extension PostgresCommandLog {
    /// Pieces are joined up to about this many bytes per row, so a large state is neither one huge value nor
    /// thousands of tiny rows.
    static var pieceBytes: Int { 4 << 20 }

    public func loadSnapshot() throws(StoreError) -> LoggedSnapshot<State>? {
        let connection = try connection()
        do throws(PostgresError) {
            if !seedChecked {
                // Only while opening: a later load (a follower that fell behind a snapshot) never seeds.
                seedChecked = true
                try connection.execute("SELECT pg_advisory_lock($1)", [.integer(PostgresSchema.seedLock)])
                holdsSeedLock = true
            }
            guard let snapshot = try latestSnapshot(connection) else { return nil }  // keep the lock: we seed
            try releaseSeedLock(connection)
            advanceHead(to: snapshot.sequence)
            return snapshot
        } catch {
            throw failure("load the latest snapshot", error)
        }
    }

    private func latestSnapshot(_ connection: PostgresConnection) throws(PostgresError) -> LoggedSnapshot<State>? {
        // One REPEATABLE READ transaction: another instance deleting this snapshot meanwhile cannot tear it.
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        do throws(PostgresError) {
            let latest = try connection.execute("SELECT sequence FROM agora_snapshots ORDER BY sequence DESC LIMIT 1")
            guard latest.count == 1 else {
                try connection.execute("COMMIT")
                return nil
            }
            let sequence = try latest.integer(0, 0)
            let pieces = try connection.execute("SELECT content FROM agora_snapshot_pieces WHERE sequence = $1 ORDER BY piece",
                                                [.integer(sequence)])
            try connection.execute("COMMIT")
            var json: [UInt8] = []
            for row in 0..<pieces.count { json.append(contentsOf: try pieces.bytes(row, 0)) }
            do {
                let state = try State(snapshotJSON: json, range: 0..<json.count)
                return LoggedSnapshot(state: state, sequence: UInt64(sequence), bytes: json.count)
            } catch {
                throw .unexpectedResult(statement: "snapshot \(sequence)", reason: "undecodable state: \(error)")
            }
        } catch {
            if !connection.isBroken { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    private func releaseSeedLock(_ connection: PostgresConnection) throws(PostgresError) {
        guard holdsSeedLock else { return }
        holdsSeedLock = false
        try connection.execute("SELECT pg_advisory_unlock($1)", [.integer(PostgresSchema.seedLock)])
    }

    public func startSnapshot(at sequence: UInt64) { snapshotInProgress = sequence }

    /// The state's JSON as the content of agora_snapshot_pieces rows, and its size in bytes.
    static func snapshotRows(_ state: State) throws(StoreError) -> (rows: [[UInt8]], bytes: Int) {
        let pieces: [[UInt8]]
        do { pieces = try state.snapshotJSONPieces() } catch { throw .encodingFailed(reason: "\(error)") }
        var rows: [[UInt8]] = [[]]
        for piece in pieces {
            if let last = rows.last, !last.isEmpty, last.count + piece.count > Self.pieceBytes { rows.append([]) }
            rows[rows.count - 1].append(contentsOf: piece)
        }
        return (rows, rows.reduce(0) { $0 + $1.count })
    }

    public func writeSnapshot(_ state: State, sequence: UInt64) throws(StoreError) -> Int {
        let (rows, bytes) = try Self.snapshotRows(state)
        let options = options
        return try snapshotConnection.withLock { held throws(StoreError) -> Int in
            do throws(PostgresError) {
                if held == nil || held?.isBroken == true { held = try PostgresConnection.connect(options.url) }
                guard let connection = held else { return bytes }
                try Self.insertSnapshot(connection, rows: rows, bytes: bytes, sequence: sequence)
            } catch {
                if held?.isBroken == true { held = nil } else { _ = try? held?.execute("ROLLBACK") }
                throw .database(operation: "write snapshot \(sequence)", reason: "\(error)")
            }
            return bytes
        }
    }

    private static func insertSnapshot(_ connection: PostgresConnection, rows: [[UInt8]], bytes: Int,
                                       sequence: UInt64) throws(PostgresError) {
        try connection.execute("BEGIN")
        try connection.execute("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresSchema.snapshotLock)])
        let newer = try connection.execute("SELECT 1 FROM agora_snapshots WHERE sequence >= $1", [.integer(Int64(sequence))])
        guard newer.count == 0 else {
            // Another instance stored one at least as new: this state is already covered.
            try connection.execute("COMMIT")
            return
        }
        try insertPieces(connection, rows: rows, bytes: bytes, sequence: sequence)
        try connection.execute("COMMIT")
    }

    /// The snapshot's row and its pieces, inside the caller's transaction.
    static func insertPieces(_ connection: PostgresConnection, rows: [[UInt8]], bytes: Int,
                             sequence: UInt64) throws(PostgresError) {
        try connection.execute("INSERT INTO agora_snapshots (sequence, bytes) VALUES ($1, $2)",
                               [.integer(Int64(sequence)), .integer(Int64(bytes))])
        for (index, content) in rows.enumerated() {
            try connection.execute("INSERT INTO agora_snapshot_pieces (sequence, piece, content) VALUES ($1, $2, $3)",
                                   [.integer(Int64(sequence)), .integer(Int64(index)), .text(content)])
        }
    }

    public func installSnapshot(at sequence: UInt64) throws(StoreError) {
        guard snapshotInProgress == sequence else { return }
        snapshotInProgress = nil
        let connection = try connection()
        do throws(PostgresError) {
            // Under the append lock, in one transaction: no append is between reading the head and inserting, and
            // the rows and older snapshots go together (an erasure's data leaves every table at once).
            try connection.execute("BEGIN")
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresSchema.appendLock)])
            let stored = try connection.execute("SELECT 1 FROM agora_snapshots WHERE sequence >= $1", [.integer(Int64(sequence))])
            if stored.count > 0 {
                try connection.execute("DELETE FROM agora_commands WHERE sequence <= $1", [.integer(Int64(sequence))])
                try connection.execute("DELETE FROM agora_snapshots WHERE sequence < $1", [.integer(Int64(sequence))])
            }
            try connection.execute("COMMIT")
            try releaseSeedLock(connection)
        } catch {
            if !connection.isBroken { _ = try? connection.execute("ROLLBACK") }
            throw failure("drop snapshots before \(sequence)", error)
        }
    }

    public func abandonSnapshot(at sequence: UInt64) {
        if snapshotInProgress == sequence { snapshotInProgress = nil }
    }
}
