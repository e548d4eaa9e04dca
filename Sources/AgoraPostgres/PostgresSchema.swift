// The tables of the shared command log, created and migrated by the server itself (and by `agora migrate`):
// each migration runs once, in order, inside one transaction holding the migration lock, so instances that
// start together never race each other through it.

/// The schema's versions; `migrations[n]` takes the database from version n to n + 1.
enum PostgresSchema {
    /// Advisory-lock keys (pg_advisory_lock takes any 64-bit number; these spell "AGORA" plus a purpose, so
    /// they do not collide with another application's locks on the same database).
    static let migrationLock: Int64 = 0x4147_4F52_4100_0001
    static let appendLock: Int64 = 0x4147_4F52_4100_0002
    static let seedLock: Int64 = 0x4147_4F52_4100_0003
    static let snapshotLock: Int64 = 0x4147_4F52_4100_0004
    static let delivererLock: Int64 = 0x4147_4F52_4100_0005

    /// The channel whose notifications carry the new head sequence (only the number: followers read the rows).
    static let channel = "agora_log"
    /// The channel an instance notifies after changing a shared outbox's items (a webhook subscription).
    static let outboxChannel = "agora_outbox"

    static let migrations: [String] = [
        """
        CREATE TABLE agora_commands (
            sequence bigint PRIMARY KEY CHECK (sequence > 0),
            recorded_at timestamptz NOT NULL DEFAULT now(),
            command text NOT NULL
        );
        CREATE TABLE agora_snapshots (
            sequence bigint PRIMARY KEY CHECK (sequence >= 0),
            written_at timestamptz NOT NULL DEFAULT now(),
            bytes bigint NOT NULL
        );
        CREATE TABLE agora_snapshot_pieces (
            sequence bigint NOT NULL REFERENCES agora_snapshots ON DELETE CASCADE,
            piece integer NOT NULL,
            content text NOT NULL,
            PRIMARY KEY (sequence, piece)
        );
        CREATE TABLE agora_cursors (
            name text PRIMARY KEY,
            sequence bigint NOT NULL
        );
        """,
        // Version 2: the outboxes every instance shares (Docs/scaling.md, "One deliverer"). `items` are what an
        // outbox keeps by key (a webhook subscription, its delivery state); `messages` what it owes, one row per
        // (outbox, key, sequence) so every instance can insert what it derived and the first insert wins; a row
        // delivered keeps its `done_at` for a while (the cursor), so a late instance cannot queue it again.
        """
        CREATE TABLE agora_outbox_items (
            outbox text NOT NULL,
            key text NOT NULL,
            content text NOT NULL,
            PRIMARY KEY (outbox, key)
        );
        CREATE TABLE agora_outbox_messages (
            outbox text NOT NULL,
            key text NOT NULL,
            sequence bigint NOT NULL,
            content text NOT NULL,
            token text,
            inserted_at timestamptz NOT NULL DEFAULT now(),
            done_at timestamptz,
            PRIMARY KEY (outbox, key, sequence)
        );
        CREATE INDEX agora_outbox_pending ON agora_outbox_messages (outbox, sequence) WHERE done_at IS NULL;
        """,
    ]

    static var currentVersion: Int { migrations.count }

    /// Brings the database to `currentVersion`; returns the version it found. Refuses a database migrated by a
    /// newer server (its rows may mean what this one does not know).
    @discardableResult
    static func migrate(_ connection: PostgresConnection) throws(PostgresError) -> Int {
        try connection.execute("BEGIN")
        do throws(PostgresError) {
            try connection.execute("SELECT pg_advisory_xact_lock($1)", [.integer(migrationLock)])
            try connection.execute("CREATE TABLE IF NOT EXISTS agora_schema (version integer NOT NULL)")
            let rows = try connection.execute("SELECT coalesce(max(version), 0) FROM agora_schema")
            let found = Int(try rows.integer(0, 0))
            guard found <= currentVersion else {
                throw .unexpectedResult(statement: "schema version",
                                        reason: "the database is at version \(found), this server knows up to \(currentVersion)")
            }
            for version in found..<currentVersion {
                try connection.execute(migrations[version])
            }
            if found < currentVersion {
                try connection.execute("DELETE FROM agora_schema")
                try connection.execute("INSERT INTO agora_schema (version) VALUES ($1)", [.integer(Int64(currentVersion))])
            }
            try connection.execute("COMMIT")
            return found
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
