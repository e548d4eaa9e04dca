import AgoraStore
import Foundation
import Synchronization
import Testing
import TestSupport
import AgoraStoreTesting

@Suite struct CompactionTests {
    private let secret = "ada@example.org-PERSONAL"

    @Test func erasureRemovesThePersonalDataFromEveryFile() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("ada", secret)
        _ = try await store.put("grace", "keeps her seat")
        #expect(try dir.allDataBytes().contains(secret), "precondition: the journal holds the data")

        #expect(try await store.submit(.erase(key: "ada")).get() == 1)
        #expect(!(try dir.allDataBytes().contains(secret)), "acknowledged erasure must leave no copy on disk")
        #expect(try dir.read("journal.jsonl").isEmpty)

        let image = try dir.crashImage()
        try store.close()
        let recovered = try openLedger(image.data)
        #expect(recovered.state.entries == ["grace": "keeps her seat"])
        try recovered.close()
    }

    @Test func plainRemovalKeepsHistoryUntilTheNextSnapshot() async throws {
        // The contrast that makes the erasure test meaningful: only purging commands compact at once.
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("ada", secret)
        _ = try await store.submit(.remove(key: "ada")).get()
        #expect(try dir.allDataBytes().contains(secret))
        try store.close()
        #expect(!(try dir.allDataBytes().contains(secret)))
    }

    @Test func failedErasureCompactionIsNotAcknowledgedAndIsRetried() async throws {
        let dir = TemporaryDirectory()
        let probe = FaultInjectingFileSystem()
        let probeDir = TemporaryDirectory()
        try openLedger(probeDir.data, fileSystem: probe).close()
        let renamesToOpen = probe.calls(.rename)

        // The erasure's snapshot rename fails once.
        let faulty = FaultInjectingFileSystem(fault: .init(operation: .rename, call: renamesToOpen + 1, errno: EIO))
        let store = try openLedger(dir.data, fileSystem: faulty)
        _ = try await store.put("ada", secret)
        let erased = await store.submit(.erase(key: "ada"))
        guard case .failure(.unavailable(let reason)) = erased else {
            Issue.record("an erasure still on disk must not be acknowledged, got \(erased)")
            return
        }
        #expect(reason.contains("erasure applied"))
        #expect(store.state.entries["ada"] == nil)
        #expect(store.isWritable)
        #expect(try dir.allDataBytes().contains(secret))

        // The next batch retries the compaction.
        _ = try await store.put("grace", "x")
        await store.writerBarrier()
        #expect(!(try dir.allDataBytes().contains(secret)))
        try store.close()
    }

    @Test func erasureReplayedAtStartupIsPurgedThen() async throws {
        let dir = TemporaryDirectory()
        let probe = FaultInjectingFileSystem()
        let probeDir = TemporaryDirectory()
        try openLedger(probeDir.data, fileSystem: probe).close()
        let renamesToOpen = probe.calls(.rename)

        // Renames keep failing: the erasure is journaled but cannot be compacted while running.
        let faulty = FaultInjectingFileSystem(fault: .init(operation: .rename, call: renamesToOpen + 1, errno: ENOSPC, persistent: true))
        let store = try openLedger(dir.data, fileSystem: faulty)
        _ = try await store.put("ada", secret)
        _ = await store.submit(.erase(key: "ada"))
        #expect(throws: StoreError.self) { try store.close() }
        #expect(try dir.allDataBytes().contains(secret))

        let restarted = try openLedger(dir.data)
        #expect(restarted.state.entries.isEmpty)
        #expect(!(try dir.allDataBytes().contains(secret)), "recovery must finish the purge")
        try restarted.close()
    }

    @Test func snapshotIsTakenEveryNCommands() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data, options: StoreOptions(snapshotEveryCommands: 5, snapshotEverySeconds: 0, backgroundSnapshots: false))
        for index in 0..<12 { _ = try await store.put("k\(index)", "v") }
        await store.writerBarrier()
        #expect(try dir.read("journal.jsonl").lineStarts.count == 2)
        #expect(try dir.read("snapshot.json").contains(#""sequence":10"#))
        let image = try dir.crashImage()
        try store.close()
        let recovered = try openLedger(image.data)
        #expect(recovered.state.entries.count == 12)
        try recovered.close()
    }

    @Test func snapshotIsTakenAfterMSeconds() async throws {
        let dir = TemporaryDirectory()
        let clock = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
        let store = try LedgerStore.open(directory: dir.data,
                                         options: StoreOptions(snapshotEveryCommands: 0, snapshotEverySeconds: 60, backgroundSnapshots: false),
                                         now: { clock.withLock { $0 } }) { Ledger() }
        _ = try await store.put("a", "1")
        _ = try await store.put("b", "2")
        #expect(try dir.read("journal.jsonl").lineStarts.count == 2)
        clock.withLock { $0 += 61 }
        _ = try await store.put("c", "3")
        await store.writerBarrier()
        #expect(try dir.read("journal.jsonl").isEmpty)
        #expect(try dir.read("snapshot.json").contains(#""sequence":3"#))
        try store.close()
    }
}

@Suite struct SnapshotPolicyAcrossRestartsTests {
    @Test func replayedRecordsCountTowardsTheNextSnapshot() async throws {
        // Restarted every 3 commands with a policy of 5: the journal must still be compacted.
        let options = StoreOptions(snapshotEveryCommands: 5, snapshotEverySeconds: 0, backgroundSnapshots: false)
        var dir = TemporaryDirectory()
        for round in 0..<3 {
            let store = try openLedger(dir.data, options: options)
            for index in 0..<3 { _ = try await store.put("r\(round)-\(index)", "v") }
            await store.writerBarrier()
            let image = try dir.crashImage()
            try? store.close()
            dir = image
        }
        let store = try openLedger(dir.data, options: options)
        #expect(store.state.entries.count == 9)
        #expect(try dir.read("journal.jsonl").lineStarts.count < 5)
        try store.close()
    }
}
