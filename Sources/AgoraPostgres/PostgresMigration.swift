// Moving data between the embedded journal and PostgreSQL (`agora migrate`, issue #15). Both ways the state is
// recovered from the source as a server would (snapshot + replayed records) and written to the target as its
// first snapshot at the same sequence, so change cursors and ETags built on sequence numbers stay valid. The
// target must be empty: a migration never merges two histories.
public import AgoraStore

public enum PostgresMigration<State: JournaledState> {
    /// Copies the data directory `directory` into the empty database at `url`; returns the sequence copied.
    /// Takes the directory's lock (no server may run on it) and the database's seed lock (no server seeds meanwhile).
    public static func copy(directory: String, into options: PostgresLogOptions) throws(StoreError) -> UInt64 {
        let source = try DurableStore<State>.open(directory: directory,
                                                  options: StoreOptions(snapshotEverySeconds: 0, backgroundSnapshots: false)) {
            throw EmptySource(description: "\(directory) holds no snapshot and no journal")
        }
        let (state, sequence) = source.versionedState
        try source.close()
        let target = try PostgresCommandLog<State>.open(options: options)
        defer { target.close() }
        try requireEmpty(target)
        _ = try target.takeSnapshot(state, sequence: sequence)
        return sequence
    }

    /// Writes the database's latest state into the empty data directory `directory` as its snapshot; returns the
    /// sequence exported. Instances may go on writing meanwhile: the export is the state at the head it read.
    public static func export(from options: PostgresLogOptions, to directory: String) throws(StoreError) -> UInt64 {
        let source = try PostgresCommandLog<State>.open(options: options)
        defer { source.close() }
        guard let snapshot = try source.loadSnapshot() else {
            throw .database(operation: "export", reason: "the database holds no snapshot (nothing to export)")
        }
        var state = snapshot.state
        var sequence = snapshot.sequence
        _ = try source.records(after: sequence) { record in
            _ = try state.replay(record.command)
            sequence = record.sequence
        }
        let target = try JournalFileLog<State>.open(directory: directory)
        defer { target.close() }
        guard try target.loadSnapshot() == nil else {
            throw .database(operation: "export", reason: "\(directory) already holds a snapshot: export into an empty directory")
        }
        _ = try target.records(after: 0) { _ in
            throw EmptySource(description: "\(directory) already holds a journal: export into an empty directory")
        }
        _ = try target.takeSnapshot(state, sequence: sequence)
        return sequence
    }

    private static func requireEmpty(_ log: PostgresCommandLog<State>) throws(StoreError) {
        guard try log.loadSnapshot() == nil else {
            throw .database(operation: "copy", reason: "the database already holds a snapshot: copy into an empty database")
        }
        _ = try log.records(after: 0) { _ in
            throw EmptySource(description: "the database already holds commands: copy into an empty database")
        }
    }

    struct EmptySource: Error, CustomStringConvertible {
        let description: String
    }
}
