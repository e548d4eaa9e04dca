// Reading the log's rows back: at start (after the snapshot), when following, and inside an append (the rows
// others appended). Rows come in batches of `readBatchRows` in sequence order and must have no gap.
public import AgoraStore
import FoundationEssentials

extension PostgresCommandLog {
    public func records(after sequence: UInt64,
                        _ body: (LoggedCommand<State.Command>) throws -> Void) throws(StoreError) -> CommandLogReplay {
        let connection = try connection()
        var last = sequence
        var bytes = 0
        while true {
            let rows: PostgresRows
            do throws(PostgresError) { rows = try fetch(connection, after: last, limit: options.readBatchRows) } catch {
                throw failure("read the log after \(last)", error)
            }
            if last == sequence {
                try requireHistory(connection, after: sequence, first: rows.count > 0 ? try? rows.integer(0, 0) : nil)
            }
            for row in 0..<rows.count {
                let record = try decode(rows, row, expecting: last + 1)
                bytes += rows.rows[row][1]?.count ?? 0
                do { try body(record) } catch {
                    throw .corruptJournal(path: "agora_commands", offset: Int(record.sequence), reason: "replay refused: \(error)")
                }
                last = record.sequence
                advanceHead(to: last)
            }
            if rows.count < options.readBatchRows { break }
        }
        return CommandLogReplay(bytes: bytes)
    }

    /// Throws `.historyPruned` when the rows right after `sequence` are gone because a newer snapshot replaced
    /// them (`installSnapshot` deletes the rows it holds): the reader must start again from that snapshot.
    func requireHistory(_ connection: PostgresConnection, after sequence: UInt64, first: Int64?) throws(StoreError) {
        if let first, UInt64(first) == sequence + 1 { return }
        let newest: Int64
        do throws(PostgresError) {
            newest = try connection.execute("SELECT coalesce(max(sequence), 0) FROM agora_snapshots").integer(0, 0)
        } catch {
            throw failure("read the latest snapshot's sequence", error)
        }
        if UInt64(newest) > sequence { throw .historyPruned(after: sequence) }
    }

    /// The rows after `sequence`, at most `limit` (nil: all), in order.
    func fetch(_ connection: PostgresConnection, after sequence: UInt64, limit: Int?) throws(PostgresError) -> PostgresRows {
        if let limit {
            return try connection.execute("SELECT sequence, command FROM agora_commands WHERE sequence > $1 ORDER BY sequence LIMIT $2",
                                          [.integer(Int64(sequence)), .integer(Int64(limit))])
        }
        return try connection.execute("SELECT sequence, command FROM agora_commands WHERE sequence > $1 ORDER BY sequence",
                                      [.integer(Int64(sequence))])
    }

    /// Row `row` as a command; its sequence must be `expected` (appends are serialised by the log's lock, so
    /// the committed rows are always a gapless prefix: a gap means rows were removed behind the server's back).
    func decode(_ rows: PostgresRows, _ row: Int, expecting expected: UInt64) throws(StoreError) -> LoggedCommand<State.Command> {
        let sequence: UInt64
        let bytes: [UInt8]
        do throws(PostgresError) {
            sequence = UInt64(try rows.integer(row, 0))
            bytes = try rows.bytes(row, 1)
        } catch {
            throw .corruptJournal(path: "agora_commands", offset: Int(expected), reason: "\(error)")
        }
        guard sequence == expected else {
            throw .corruptJournal(path: "agora_commands", offset: Int(expected),
                                  reason: "expected sequence \(expected), found \(sequence): rows are missing")
        }
        if let command = State.decodeCommand(bytes, range: 0..<bytes.count) {
            return LoggedCommand(sequence: sequence, command: command)
        }
        do {
            return LoggedCommand(sequence: sequence, command: try JSONDecoder().decode(State.Command.self, from: Data(bytes)))
        } catch {
            throw .corruptJournal(path: "agora_commands", offset: Int(sequence), reason: "undecodable command: \(error)")
        }
    }

    func advanceHead(to sequence: UInt64) {
        var current = head.load(ordering: .sequentiallyConsistent)
        while current < sequence {
            let (exchanged, original) = head.compareExchange(expected: current, desired: sequence, ordering: .sequentiallyConsistent)
            if exchanged { return }
            current = original
        }
    }
}
