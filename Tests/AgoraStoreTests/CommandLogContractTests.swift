// The CommandLog contract (Sources/AgoraStore/CommandLog.swift), checked against every implementation the
// same way: each test gets a fresh `LogKind.Place` and opens logs on it, again after a "restart". A new log
// (PostgreSQL, issue #15) joins by adding a case to `LogKind`.
import AgoraStore
import Foundation
import Testing

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
    func aFailedAppendIsRepairedByASnapshotOfTheLastDurableState(kind: LogKind) throws {
        let place = kind.makePlace()
        let log = try place.open()
        try log.seeded()
        _ = try log.append(after: 0, [.put(key: "a", value: "1")])
        place.failNextAppend()
        #expect(throws: StoreError.self) { try log.append(after: 1, [.put(key: "lost", value: "?")]) }
        // What the store does next: a snapshot of the last state it knows durable, then appends go on.
        let durable = Ledger(entries: ["a": "1"])
        _ = try log.takeSnapshot(durable, sequence: 1)
        #expect(log.unwritableReason == nil)
        #expect(try log.append(after: 1, [.put(key: "b", value: "2")]) == 2..<3)
        log.close()

        let reopened = try place.open()
        let snapshot = try #require(try reopened.loadSnapshot())
        #expect(snapshot.sequence == 1 && snapshot.state == durable)
        let records = try reopened.all(after: 1)
        #expect(records.map(\.sequence) == [2])
        #expect(records.map(\.command) == [.put(key: "b", value: "2")], "the failed batch is not in the log")
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

