// The owed messages of a shared outbox: inserted by every instance that derives them (idempotent), read in
// sequence order by the deliverer, marked done (the cursor) and forgotten an hour later.
extension PostgresOutbox {
    /// Inserts `rows` into `outbox`, in one statement. A row already there stays as it is (another instance
    /// derived it first, or it was delivered already), except that it takes a token it lacked while owed (the
    /// registering instance's insert carries the lent token); `reopen` queues a delivered row again (a replay).
    public func insert(_ outbox: String, _ rows: [OutboxRow], reopen: Bool = false) throws(PostgresError) {
        guard !rows.isEmpty else { return }
        // PostgreSQL takes at most 65 535 parameters a statement: 4 a row, 1 000 rows a statement.
        for start in stride(from: 0, to: rows.count, by: 1_000) {
            let chunk = rows[start..<min(start + 1_000, rows.count)]
            var values: [String] = []
            var parameters: [PostgresValue] = [.text(outbox)]
            for row in chunk {
                let base = parameters.count
                values.append("($1, $\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4))")
                parameters += [.text(row.key), .integer(Int64(row.sequence)), .text(row.content), .text(row.token ?? "")]
            }
            let conflict = reopen ? "DO UPDATE SET done_at = NULL, content = EXCLUDED.content"
                : "DO UPDATE SET token = EXCLUDED.token WHERE m.token IS NULL AND m.done_at IS NULL AND EXCLUDED.token IS NOT NULL"
            // An empty token stands for none (a token is never empty).
            let sql = "INSERT INTO agora_outbox_messages AS m (outbox, key, sequence, content, token) "
                + "SELECT v.o, v.k, v.s, v.c, nullif(v.t, '') FROM (VALUES \(values.joined(separator: ", "))) "
                + "AS v(o, k, s, c, t) ON CONFLICT (outbox, key, sequence) \(conflict)"
            try run { connection throws(PostgresError) in try connection.execute(sql, parameters) }
        }
    }

    /// The first message `key` still owes, or nil.
    public func head(_ outbox: String, key: String) throws(PostgresError) -> OutboxRow? {
        let rows = try run { connection throws(PostgresError) in
            try connection.execute("SELECT key, sequence, content, token FROM agora_outbox_messages "
                                   + "WHERE outbox = $1 AND key = $2 AND done_at IS NULL ORDER BY sequence LIMIT 1",
                                   [.text(outbox), .text(key)])
        }
        return try Self.messages(rows).first
    }

    /// The first `limit` messages owed in `outbox`, in sequence order; one without a token only once it is
    /// `settledSeconds` old (the instance that holds its token may not have inserted it yet).
    public func pending(_ outbox: String, limit: Int, settledSeconds: Int = 0) throws(PostgresError) -> [OutboxRow] {
        let rows = try run { connection throws(PostgresError) in
            try connection.execute("SELECT key, sequence, content, token FROM agora_outbox_messages "
                                   + "WHERE outbox = $1 AND done_at IS NULL AND (token IS NOT NULL OR inserted_at <= "
                                   + "now() - interval '\(max(0, settledSeconds)) seconds') ORDER BY sequence, key LIMIT $2",
                                   [.text(outbox), .integer(Int64(limit))])
        }
        return try Self.messages(rows)
    }

    /// Marks the message delivered (or no longer owed): its token goes, the row stays an hour as the cursor.
    public func markDone(_ outbox: String, key: String, sequence: UInt64) throws(PostgresError) {
        try run { connection throws(PostgresError) in
            try connection.execute("UPDATE agora_outbox_messages SET done_at = now(), token = NULL "
                                   + "WHERE outbox = $1 AND key = $2 AND sequence = $3",
                                   [.text(outbox), .text(key), .integer(Int64(sequence))])
        }
    }

    /// Deletes every message of `key` (an erasure: nothing of it may stay, the token least of all).
    public func removeMessages(_ outbox: String, key: String) throws(PostgresError) {
        try run { connection throws(PostgresError) in
            try connection.execute("DELETE FROM agora_outbox_messages WHERE outbox = $1 AND key = $2", [.text(outbox), .text(key)])
        }
    }

    /// What each key of `outbox` still owes.
    public func backlog(_ outbox: String) throws(PostgresError) -> [OutboxBacklog] {
        let rows = try run { connection throws(PostgresError) in
            try connection.execute("SELECT key, count(*), min(sequence) FROM agora_outbox_messages "
                                   + "WHERE outbox = $1 AND done_at IS NULL GROUP BY key", [.text(outbox)])
        }
        var owed: [OutboxBacklog] = []
        for row in 0..<rows.count {
            owed.append(OutboxBacklog(key: rows.string(row, 0) ?? "", count: Int(try rows.integer(row, 1)),
                                      first: UInt64(max(0, try rows.integer(row, 2)))))
        }
        return owed
    }

    /// Forgets delivered rows older than `seconds`: by then every live instance has derived their batch.
    public func prune(olderThanSeconds seconds: Int) throws(PostgresError) {
        try run { connection throws(PostgresError) in
            try connection.execute("DELETE FROM agora_outbox_messages WHERE done_at < now() - interval '\(max(0, seconds)) seconds'")
        }
    }

    private static func messages(_ rows: PostgresRows) throws(PostgresError) -> [OutboxRow] {
        var messages: [OutboxRow] = []
        for row in 0..<rows.count {
            messages.append(OutboxRow(key: rows.string(row, 0) ?? "", sequence: UInt64(max(0, try rows.integer(row, 1))),
                                      content: rows.string(row, 2) ?? "", token: rows.string(row, 3)))
        }
        return messages
    }
}
