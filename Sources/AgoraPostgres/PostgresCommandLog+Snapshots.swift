// Snapshots in PostgreSQL (issue #15): the state's JSON in pieces of agora_snapshot_pieces under one row of
// agora_snapshots, written in one transaction, so a new instance starts from the latest snapshot plus the rows
// after it. Several instances may snapshot; one holding a snapshot at least as new makes the others' writes
// no-ops, and installing one deletes the older ones and the command rows it holds, as the journal files drop
// the journal. A follower that had not read those rows yet is told `.historyPruned` and reloads from the
// snapshot. An erasure's snapshot is written inside the erasure's own append instead (+Purging).
public import AgoraStore

extension PostgresCommandLog {
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
        // One REPEATABLE READ transaction, open until the last piece is read: another instance deleting this
        // snapshot meanwhile cannot tear it.
        try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        do throws(PostgresError) {
            let latest = try connection.execute("SELECT sequence, bytes FROM agora_snapshots ORDER BY sequence DESC LIMIT 1")
            guard latest.count == 1 else {
                try connection.execute("COMMIT")
                return nil
            }
            let sequence = try latest.integer(0, 0)
            let bytes = Int(try latest.integer(0, 1))
            let state = try snapshotState(connection, sequence: sequence, bytes: bytes)
            try connection.execute("COMMIT")
            return LoggedSnapshot(state: state, sequence: UInt64(sequence), bytes: bytes)
        } catch {
            if !connection.isBroken { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    /// The state of snapshot `sequence`, whose pieces hold `bytes` bytes (agora_snapshots.bytes): streamed when the
    /// state streams, otherwise (or when its reader declines the body) joined and decoded whole. Pieces that do not
    /// add up to `bytes` (one missing, cut or longer) are refused as an undecodable state, before any decoding error
    /// they would cause.
    func snapshotState(_ connection: PostgresConnection, sequence: Int64, bytes: Int) throws(PostgresError) -> State {
        if let state = try streamedSnapshotState(connection, sequence: sequence, bytes: bytes) { return state }
        var json: [UInt8] = []
        var piece: Int64 = 0
        while let content = try Self.snapshotPiece(connection, sequence: sequence, piece: piece) {
            json.append(contentsOf: content)
            piece += 1
        }
        guard json.count == bytes else {
            throw Self.undecodable(sequence, "its pieces hold \(json.count) bytes where \(bytes) were promised")
        }
        do {
            return try State(snapshotJSON: json, range: 0..<json.count)
        } catch {
            throw Self.undecodable(sequence, "\(error)")
        }
    }

    /// The state decoded as its pieces are read, one row at a time, each dropped once its bytes are in the decoder's
    /// buffer: the body is never held whole beside the state (it was: 1.1 GiB at a million registrations). Nil when
    /// the state does not stream or its reader declines the body.
    func streamedSnapshotState(_ connection: PostgresConnection, sequence: Int64,
                               bytes: Int) throws(PostgresError) -> State? {
        var next: Int64 = 0
        let streamed = try StreamedSnapshotBody<State>.decode(promisedBytes: bytes, readBytes: snapshotReadBytes) {
            () throws(PostgresError) -> [UInt8]? in
            defer { next += 1 }
            return try Self.snapshotPiece(connection, sequence: sequence, piece: next)
        }
        switch streamed {
        case .decoded(let state): return state
        case .declined: return nil
        case .refused(let reason): throw Self.undecodable(sequence, reason)
        }
    }

    private static func undecodable(_ sequence: Int64, _ reason: String) -> PostgresError {
        .unexpectedResult(statement: "snapshot \(sequence)", reason: "undecodable state: \(reason)")
    }

    /// What the streamed decoder pulls per read: about eight rows, 32 MiB at the default row size (the data
    /// directory's read, StoreOptions.recoveryReadBytes), so its windows of registrations are as large as there.
    var snapshotReadBytes: Int { Swift.min(Swift.max(1, options.snapshotPieceBytes), 512 << 20) * 8 }

    /// The content of row `piece` of snapshot `sequence` (pieces are numbered from 0), or nil when there is none.
    private static func snapshotPiece(_ connection: PostgresConnection, sequence: Int64,
                                      piece: Int64) throws(PostgresError) -> [UInt8]? {
        let rows = try connection.execute("SELECT content FROM agora_snapshot_pieces WHERE sequence = $1 AND piece = $2",
                                          [.integer(sequence), .integer(piece)])
        guard rows.count == 1 else { return nil }
        return try rows.bytes(0, 0)
    }

    private func releaseSeedLock(_ connection: PostgresConnection) throws(PostgresError) {
        guard holdsSeedLock else { return }
        holdsSeedLock = false
        try connection.execute("SELECT pg_advisory_unlock($1)", [.integer(PostgresSchema.seedLock)])
    }

    public func startSnapshot(at sequence: UInt64) { snapshotInProgress = sequence }

    /// The state's JSON as the content of agora_snapshot_pieces rows of at most `pieceBytes` bytes each (the
    /// state's own pieces are joined or cut to that size), and its size in bytes. A row is `text`: it is never cut
    /// inside a UTF-8 character (one longer than a row goes whole).
    static func snapshotRows(_ state: State, pieceBytes: Int) throws(StoreError) -> (rows: [[UInt8]], bytes: Int) {
        let pieces: [[UInt8]]
        do { pieces = try state.snapshotJSONPieces() } catch { throw .encodingFailed(reason: "\(error)") }
        let pieceBytes = Swift.max(1, pieceBytes)
        func continuesCharacter(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }
        var rows: [[UInt8]] = []
        var row: [UInt8] = []
        for piece in pieces {
            var from = piece.startIndex
            while from < piece.endIndex {
                var to = Swift.min(piece.endIndex, from + (pieceBytes - row.count))
                while to < piece.endIndex, to > from, continuesCharacter(piece[to]) { to -= 1 }
                if to == from {
                    // The next character does not fit: it starts the next row, or is a row of its own.
                    if !row.isEmpty {
                        rows.append(row)
                        row = []
                        continue
                    }
                    to = from + 1
                    while to < piece.endIndex, continuesCharacter(piece[to]) { to += 1 }
                }
                row.append(contentsOf: piece[from..<to])
                from = to
                if row.count >= pieceBytes {
                    rows.append(row)
                    row = []
                }
            }
        }
        if !row.isEmpty || rows.isEmpty { rows.append(row) }
        return (rows, rows.reduce(0) { $0 + $1.count })
    }

    public func writeSnapshot(_ state: State, sequence: UInt64) throws(StoreError) -> Int {
        let options = options
        let (rows, bytes) = try Self.snapshotRows(state, pieceBytes: options.snapshotPieceBytes)
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
