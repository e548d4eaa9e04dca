// Appending a batch (issue #15): one transaction that takes the log's write lock (pg_advisory_xact_lock, held
// until COMMIT), reads the rows others appended since this instance's sequence, lets the store judge the batch
// after them (so capacity, waiting lists, idempotency keys and If-Match hold across instances as on one),
// inserts the accepted commands and commits. NOTIFY in the same transaction is delivered at commit
// (PostgreSQL: "NOTIFY" — notifications of a transaction are sent only if it commits). Only then does the
// store acknowledge: with synchronous_commit on, acknowledged means durable. A batch that erases personal data
// also replaces the older rows and snapshots in that transaction (+Purging).
public import AgoraStore
import Logging

extension PostgresCommandLog {
    /// Rows per INSERT: two parameters each, well under the protocol's 65 535 parameters per statement.
    static var rowsPerInsert: Int { 1_000 }

    public func append(after sequence: UInt64,
                       _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> [[UInt8]]) throws(StoreError) -> Range<UInt64> {
        try appendBatch(after: sequence) { (prepare($0), nil) }
    }

    /// `historyPurge` is `.inAppend`: the store hands the state after an erasing batch, stored in the same
    /// transaction as the batch's rows (`replaceHistory`).
    public func appendPurging(after sequence: UInt64,
                              _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> (commands: [[UInt8]], purged: State?))
        throws(StoreError) -> Range<UInt64> {
        try appendBatch(after: sequence, prepare)
    }

    private func appendBatch(after sequence: UInt64,
                             _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> (commands: [[UInt8]], purged: State?))
        throws(StoreError) -> Range<UInt64> {
        if let refused { throw .database(operation: "append", reason: refused) }
        let connection = try connection()
        do throws(StoreError) {
            return try transact(connection, after: sequence, prepare)
        } catch {
            // Lost while committing: the batch may or may not be in the log (the next append hands it back as
            // `newer` if it is). Either way this connection is done; a refused statement leaves it usable.
            if connection.isBroken { writer = nil } else { _ = try? connection.execute("ROLLBACK") }
            throw error
        }
    }

    private func transact(_ connection: PostgresConnection, after sequence: UInt64,
                          _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> (commands: [[UInt8]], purged: State?))
        throws(StoreError) -> Range<UInt64> {
        let rows: PostgresRows
        do throws(PostgresError) {
            try connection.execute("BEGIN")
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [.integer(PostgresSchema.appendLock)])
            rows = try fetch(connection, after: sequence, limit: nil)
        } catch {
            throw failure("begin the append", error)
        }
        // Under the lock, so no snapshot can replace rows between this check and the insert.
        try requireHistory(connection, after: sequence, first: rows.count > 0 ? try? rows.integer(0, 0) : nil)
        var newer: [LoggedCommand<State.Command>] = []
        newer.reserveCapacity(rows.count)
        for row in 0..<rows.count {
            newer.append(try decode(rows, row, expecting: sequence + UInt64(row) + 1))
        }
        let first = (newer.last?.sequence ?? sequence) + 1
        let (commands, purged) = prepare(newer)
        // Encoded before any row is written; a state that cannot be encoded fails the append (rolled back).
        var replacement: (rows: [[UInt8]], bytes: Int)?
        if let purged { replacement = try Self.snapshotRows(purged, pieceBytes: options.snapshotPieceBytes) }
        do throws(PostgresError) {
            guard !commands.isEmpty else {
                try connection.execute("COMMIT")
                advanceHead(to: first - 1)
                return first..<first
            }
            var offset = 0
            while offset < commands.count {
                let chunk = commands[offset..<min(offset + Self.rowsPerInsert, commands.count)]
                var values: [String] = []
                var parameters: [PostgresValue] = []
                for (index, command) in chunk.enumerated() {
                    values.append("($\(index * 2 + 1), $\(index * 2 + 2))")
                    parameters.append(.integer(Int64(first) + Int64(offset + index)))
                    parameters.append(.text(command))
                }
                try connection.execute("INSERT INTO agora_commands (sequence, command) VALUES " + values.joined(separator: ", "),
                                       parameters)
                offset += chunk.count
            }
            let last = first + UInt64(commands.count) - 1
            if let replacement {
                try Self.replaceHistory(connection, with: replacement, first: first, last: last)
            }
            try connection.execute("SELECT pg_notify($1, $2)", [.text(PostgresSchema.channel), .text(String(last))])
            try connection.execute("COMMIT")
            advanceHead(to: last)
            if let replacement {
                logger.info("erasure committed with a snapshot replacing the older rows and snapshots",
                            metadata: ["sequence": "\(last)", "bytes": "\(replacement.bytes)"])
            }
            return first..<(last + 1)
        } catch {
            throw failure("append \(commands.count) commands after \(first - 1)", error)
        }
    }
}
