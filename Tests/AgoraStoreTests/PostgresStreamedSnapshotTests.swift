// Issue 15's start-up from PostgreSQL's latest snapshot: its agora_snapshot_pieces rows are read one at a time and
// decoded as they pass (the whole body beside the state made a new instance peak at 1.1 GiB at a million
// registrations). On a database of its own in the test process's cluster (PostgresCluster.shared).
import AgoraDomain
import AgoraDomainTesting
@testable import AgoraPostgres
import AgoraStore
import PostgresTesting
import Testing

@Suite struct PostgresStreamedSnapshotTests {
    /// A database whose latest snapshot (sequence 0, the seed) holds `state`, written in rows of `pieceBytes`.
    private static func database(holding state: AgoraState, pieceBytes: Int) throws -> String {
        let url = try PostgresCluster.shared.createDatabase()
        let log = try PostgresCommandLog<AgoraState>.open(options: PostgresLogOptions(url: url, snapshotPieceBytes: pieceBytes))
        let store = try DurableStore<AgoraState>.open(log: log, options: StoreOptions(snapshotEverySeconds: 0)) { state }
        try store.close()
        return url
    }

    @discardableResult
    private static func sql(_ statement: String, _ url: String) throws -> String {
        try PostgresCluster.shared.sql(statement, database: String(url.split(separator: "/").last ?? ""))
    }

    private static func open(_ url: String, pieceBytes: Int = 4 << 20) throws -> DurableStore<AgoraState> {
        let log = try PostgresCommandLog<AgoraState>.open(options: PostgresLogOptions(url: url, snapshotPieceBytes: pieceBytes))
        do {
            return try DurableStore<AgoraState>.open(log: log, options: StoreOptions(snapshotEverySeconds: 0)) {
                Issue.record("the database holds a snapshot: nothing to seed")
                return AgoraState()
            }
        } catch {
            log.close()  // its connection holds the seed lock
            throw error
        }
    }

    @Test func aSnapshotInManyPiecesLoadsThroughTheStreamExactlyAsWritten() throws {
        let state = Fixture.recoveryState()
        let url = try Self.database(holding: state, pieceBytes: 1_000)
        let json = try state.snapshotJSON()
        let rows = Int(try Self.sql("SELECT count(*) FROM agora_snapshot_pieces WHERE sequence = 0", url)) ?? 0
        #expect(rows >= json.count / 1_000 && rows <= json.count / 1_000 + 1, "rows of 1 000 bytes")
        #expect(try Self.sql("SELECT bytes FROM agora_snapshots", url) == "\(json.count)")
        #expect(json.contains { $0 >= 0x80 }, "characters of several bytes, which no row may cut")

        // The streamed reader itself reads the rows (it does not leave them to the whole-body reader), whatever
        // the reads: about eight rows (the default), or a few bytes, which cut rows and registrations.
        for rowBytes in [1_000, 4 << 20, 1] {
            let log = try PostgresCommandLog<AgoraState>.open(options: PostgresLogOptions(url: url, snapshotPieceBytes: rowBytes))
            let connection = try PostgresConnection.connect(url)
            let streamed = try log.streamedSnapshotState(connection, sequence: 0, bytes: json.count)
            #expect(streamed == state, "reads of \(log.snapshotReadBytes) bytes")
            log.close()
        }

        let store = try Self.open(url)
        #expect(store.state.registrations == state.registrations)
        #expect(store.state.events == state.events)
        #expect(store.state.partners == state.partners)
        #expect(store.state.registrationSequence == state.registrationSequence)
        #expect(try store.state.snapshotJSON() == json, "the same text again")
        try store.close()
    }

    @Test func rowsOfAFewBytesNeverCutACharacter() throws {
        // Rows of 3 bytes: "😀" (4 bytes) is a row of its own, "ß" (2) is never split in two (PostgreSQL refuses
        // text that is not UTF-8, so every row inserted proves it). One INSERT per row: a small state.
        let state = Fixture.recoveryState(events: 2)
        let url = try Self.database(holding: state, pieceBytes: 3)
        #expect(try Self.sql("SELECT max(octet_length(content)) FROM agora_snapshot_pieces", url) == "4",
                "the longest row is one whole 4-byte character")
        let store = try Self.open(url)
        #expect(store.state == state)
        try store.close()
    }

    @Test func aSnapshotWhosePiecesDoNotAddUpIsRefusedNamingIt() throws {
        let state = Fixture.recoveryState(events: 12)
        let damages = [
            "a piece deleted": "DELETE FROM agora_snapshot_pieces WHERE piece = 3",
            "the last piece deleted": "DELETE FROM agora_snapshot_pieces WHERE piece = (SELECT max(piece) FROM agora_snapshot_pieces)",
            "a piece cut short": "UPDATE agora_snapshot_pieces SET content = left(content, 200) WHERE piece = 2",
            "a piece made longer": "UPDATE agora_snapshot_pieces SET content = content || ' ' WHERE piece = 5",
            "a piece added": "INSERT INTO agora_snapshot_pieces SELECT 0, max(piece) + 1, ' ' FROM agora_snapshot_pieces",
        ]
        for (damage, statement) in damages {
            let url = try Self.database(holding: state, pieceBytes: 1_000)
            try Self.sql(statement, url)
            let error = #expect(throws: StoreError.self, "\(damage)") { try Self.open(url) }
            guard case .database(let operation, let reason)? = error else {
                Issue.record("\(damage): refused as \(String(describing: error))")
                continue
            }
            #expect(operation == "load the latest snapshot", "\(damage)")
            #expect(reason.contains("snapshot 0: undecodable state: its pieces hold"), "\(damage): \(reason)")
        }
    }

    @Test func aStateThatDoesNotStreamLoadsWholeAndIsRefusedTheSameWay() throws {
        // The store's toy state has no streamed reader: the rows are joined, checked and decoded whole.
        let url = try PostgresCluster.shared.createDatabase()
        let seed = Ledger(entries: Dictionary(uniqueKeysWithValues: (0..<200).map { ("key\($0)", "välue \($0)") }))
        func open() throws -> LedgerStore {
            let log = try PostgresCommandLog<Ledger>.open(options: PostgresLogOptions(url: url, snapshotPieceBytes: 64))
            do { return try LedgerStore.open(log: log, options: StoreOptions(snapshotEverySeconds: 0)) { seed } } catch {
                log.close()
                throw error
            }
        }
        try open().close()
        #expect(Int(try Self.sql("SELECT count(*) FROM agora_snapshot_pieces", url)) ?? 0 > 50)
        let reopened = try open()
        #expect(reopened.state == seed)
        try reopened.close()
        try Self.sql("DELETE FROM agora_snapshot_pieces WHERE piece = 7", url)
        let error = #expect(throws: StoreError.self) { try open() }
        guard case .database(_, let reason)? = error else {
            Issue.record("refused as \(String(describing: error))")
            return
        }
        #expect(reason.contains("snapshot 0: undecodable state: its pieces hold"), "\(reason)")
    }
}
