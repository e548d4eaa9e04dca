// The CommandLog contract (Sources/AgoraStore/CommandLog.swift), checked against every implementation the
// same way: each test gets a fresh `LogPlace` and opens logs on it, again after a "restart". A new log
// (PostgreSQL, issue #15) joins by adding a case to `LogKind`.
import AgoraStore
import Foundation
import Testing

/// Where a log keeps its data; `open()` opens a log on it (again, as after a restart, once the previous
/// one is closed).
struct LogPlace {
    let open: () throws -> any CommandLog<Ledger>
    /// Keeps the storage (a temporary directory) alive for the test.
    let keepAlive: AnyObject
}

enum LogKind: String, CaseIterable, CustomTestStringConvertible {
    case journalFiles, sharedMemory

    var testDescription: String { rawValue }

    func makePlace() -> LogPlace {
        switch self {
        case .journalFiles:
            let dir = TemporaryDirectory()
            return LogPlace(open: { try JournalFileLog<Ledger>.open(directory: dir.data) }, keepAlive: dir)
        case .sharedMemory:
            let storage = SharedMemoryLogStorage()
            return LogPlace(open: { SharedMemoryLog<Ledger>(storage: storage) }, keepAlive: storage)
        }
    }
}

private func encoded(_ commands: [Ledger.Command]) throws -> [[UInt8]] {
    try commands.map { try Ledger.encodeCommand($0) }
}

extension CommandLog where State == Ledger {
    /// Appends `commands` after `sequence`, checking that `prepare` runs once and sees nobody else's records.
    func append(after sequence: UInt64, _ commands: [Ledger.Command]) throws -> Range<UInt64> {
        let bytes = try encoded(commands)
        var calls = 0
        let appended = try append(after: sequence) { newer in
            calls += 1
            #expect(newer.isEmpty, "a log with one writer hands prepare no newer records")
            return bytes
        }
        #expect(calls == 1, "prepare runs exactly once")
        return appended
    }

    /// Every record after `sequence`, in the order the log gives them.
    func all(after sequence: UInt64) throws -> [LoggedCommand<Ledger.Command>] {
        var found: [LoggedCommand<Ledger.Command>] = []
        _ = try records(after: sequence) { found.append($0) }
        return found
    }

    /// A new log as the store starts one: no snapshot, then the seed's.
    func seeded(_ seed: Ledger = Ledger()) throws {
        #expect(try loadSnapshot() == nil, "a new log holds no snapshot")
        _ = try takeSnapshot(seed, sequence: 0)
    }
}

@Suite struct CommandLogContractTests {
    @Test(arguments: LogKind.allCases)
    func aNewLogIsEmptyUntilItsFirstSnapshot(kind: LogKind) throws {
        let place = kind.makePlace()
        let log = try place.open()
        try log.seeded(Ledger(entries: ["seed": "1"]))
        log.close()
        let reopened = try place.open()
        let snapshot = try #require(try reopened.loadSnapshot())
        #expect(snapshot.sequence == 0 && snapshot.state.entries == ["seed": "1"])
        #expect(try reopened.all(after: 0).isEmpty)
        reopened.close()
    }

    @Test(arguments: LogKind.allCases)
    func appendsAreNumberedConsecutivelyAndReadBackInOrder(kind: LogKind) throws {
        let place = kind.makePlace()
        let log = try place.open()
        try log.seeded()
        #expect(try log.append(after: 0, [.put(key: "a", value: "1"), .put(key: "b", value: "2")]) == 1..<3)
        #expect(try log.append(after: 2, [.remove(key: "a")]) == 3..<4)
        #expect(try log.append(after: 3, []) == 4..<4, "an empty batch appends nothing")
        log.close()

        let reopened = try place.open()
        #expect(try reopened.loadSnapshot()?.sequence == 0)
        let records = try reopened.all(after: 0)
        #expect(records.map(\.sequence) == [1, 2, 3])
        #expect(records.map(\.command) == [.put(key: "a", value: "1"), .put(key: "b", value: "2"), .remove(key: "a")])
        #expect(try reopened.all(after: 2).map(\.sequence) == [3], "records(after:) starts after the sequence")
        reopened.close()
    }

    @Test(arguments: LogKind.allCases)
    func aSnapshotWrittenWhileAppendingKeepsWhatItLacks(kind: LogKind) async throws {
        let place = kind.makePlace()
        let log = try place.open()
        try log.seeded()
        _ = try log.append(after: 0, [.put(key: "a", value: "1"), .put(key: "b", value: "2")])
        log.startSnapshot(at: 2)
        _ = try log.append(after: 2, [.put(key: "c", value: "3")])
        // Written on another thread, as a background snapshot is, while the writer appended.
        let state = Ledger(entries: ["a": "1", "b": "2"])
        let bytes = try await Task.detached { try log.writeSnapshot(state, sequence: 2) }.value
        #expect(bytes > 0)
        try log.installSnapshot(at: 2)
        _ = try log.append(after: 3, [.put(key: "d", value: "4")])
        log.close()

        let reopened = try place.open()
        let snapshot = try #require(try reopened.loadSnapshot())
        #expect(snapshot.sequence == 2 && snapshot.state == state)
        #expect(try reopened.all(after: 2).map(\.sequence) == [3, 4])
        reopened.close()
    }

    @Test(arguments: LogKind.allCases)
    func anAbandonedSnapshotDropsNothing(kind: LogKind) throws {
        let place = kind.makePlace()
        let log = try place.open()
        try log.seeded()
        _ = try log.append(after: 0, [.put(key: "a", value: "1")])
        log.startSnapshot(at: 1)
        _ = try log.append(after: 1, [.put(key: "b", value: "2")])
        log.abandonSnapshot(at: 1)
        try log.installSnapshot(at: 1)  // no longer in progress: must not drop anything either
        log.close()

        let reopened = try place.open()
        #expect(try reopened.loadSnapshot()?.sequence == 0)
        #expect(try reopened.all(after: 0).map(\.sequence) == [1, 2])
        reopened.close()
    }

    @Test(arguments: LogKind.allCases)
    func aRecordTheReaderRefusesStopsTheRead(kind: LogKind) throws {
        let place = kind.makePlace()
        let log = try place.open()
        try log.seeded()
        _ = try log.append(after: 0, [.put(key: "a", value: "1"), .put(key: "b", value: "2"), .put(key: "c", value: "3")])
        log.close()

        struct Refused: Error {}
        let reopened = try place.open()
        _ = try reopened.loadSnapshot()
        var seen: [UInt64] = []
        #expect(throws: StoreError.self) {
            _ = try reopened.records(after: 0) { record in
                if record.sequence == 2 { throw Refused() }
                seen.append(record.sequence)
            }
        }
        #expect(seen == [1])
        reopened.close()
    }

    @Test(arguments: LogKind.allCases)
    func aLogThatRefusesAppendsSaysWhy(kind: LogKind) throws {
        let place = kind.makePlace()
        let log = try place.open()
        try log.seeded()
        #expect(log.unwritableReason == nil)
        log.refuseAppends(because: "the disk failed")
        #expect(log.unwritableReason?.contains("the disk failed") == true)
        #expect(throws: StoreError.self) {
            _ = try log.append(after: 0) { _ in [Array(#"{"put":{"key":"a","value":"1"}}"#.utf8)] }
        }
        log.close()
    }

    @Test(arguments: LogKind.allCases)
    func aStoreOverTheLogSurvivesARestart(kind: LogKind) async throws {
        let place = kind.makePlace()
        let options = StoreOptions(snapshotEveryCommands: 3, snapshotEverySeconds: 0, backgroundSnapshots: false)
        let store = try LedgerStore.open(log: place.open(), options: options) { Ledger() }
        for index in 0..<5 { _ = try await store.put("k\(index)", "v\(index)") }
        #expect(try await store.submit(.erase(key: "k0")).get() == 4)
        _ = try await store.put("last", "x")
        #expect(store.sequence == 7)
        try store.close()

        let reopened = try LedgerStore.open(log: place.open(), options: options) { Ledger(entries: ["unused": "seed"]) }
        #expect(reopened.state.entries == ["k1": "v1", "k2": "v2", "k3": "v3", "k4": "v4", "last": "x"])
        #expect(reopened.sequence == 7)
        try reopened.close()
    }
}

