// The store's structured log lines: snapshots written and failed, recovery warnings, a disk failure that
// turns the store unwritable.
import AgoraStoreTesting
import TestSupport
import AgoraStore
import Foundation
import Testing

@Suite struct StoreLoggingTests {
    @Test func aSnapshotIsLoggedWithItsSequenceSizeAndDuration() async throws {
        let dir = TemporaryDirectory()
        let recording = LogRecording()
        let store = try LedgerStore.open(directory: dir.data,
                                         options: StoreOptions(snapshotEveryCommands: 2, snapshotEverySeconds: 0, backgroundSnapshots: false),
                                         logger: recording.logger) { Ledger() }
        _ = try await store.put("a", "1")
        _ = try await store.put("b", "2")
        try store.close()
        let written = recording.lines("snapshot written")
        // The seed's first snapshot and the policy's after two commands; close has nothing left to write.
        #expect(written.map { $0.metadata["sequence"] } == ["0", "2"])
        let policy = try #require(written.last)
        #expect(policy.level == .info)
        let bytes = try #require(policy.metadata["bytes"].flatMap { Int($0) })
        #expect(bytes == (try dir.read("snapshot.json")).count)
        #expect(policy.metadata["durationMs"].flatMap { Double($0) } != nil)
        #expect(policy.metadata["dataDir"] == dir.data)
    }

    @Test func aFailedSnapshotIsLogged() async throws {
        let probeDir = TemporaryDirectory()
        let probe = FaultInjectingFileSystem()
        try openLedger(probeDir.data, fileSystem: probe).close()
        let renamesToOpen = probe.calls(.rename)

        let dir = TemporaryDirectory()
        let recording = LogRecording()
        let faulty = FaultInjectingFileSystem(fault: .init(operation: .rename, call: renamesToOpen + 1, errno: ENOSPC))
        let store = try LedgerStore.open(directory: dir.data,
                                         options: StoreOptions(snapshotEveryCommands: 1, snapshotEverySeconds: 0, backgroundSnapshots: false),
                                         fileSystem: faulty, logger: recording.logger) { Ledger() }
        _ = try await store.put("a", "1")
        await store.writerBarrier()
        let failed = try #require(recording.lines("snapshot failed").first)
        #expect(failed.level == .error)
        #expect(failed.metadata["sequence"] == "1")
        #expect(failed.metadata["error"]?.contains("rename") == true)
        #expect(store.isWritable, "a failed snapshot leaves the journal in service")
        try store.close()
    }

    @Test func aTornRecordDroppedAtRecoveryIsLoggedWithItsOffset() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("first", "1")
        _ = try await store.put("second", "2")
        let image = try dir.crashImage()
        try store.close()
        let journal = try image.read("journal.jsonl")
        let lastStart = try #require(journal.lineStarts.last)
        try image.write("journal.jsonl", Array(journal[..<(lastStart + 9)]))

        let recording = LogRecording()
        let reopened = try LedgerStore.open(directory: image.data, logger: recording.logger) { Ledger() }
        let warning = try #require(recording.lines("recovery dropped a record").first)
        #expect(warning.level == .warning)
        #expect(warning.metadata["offset"] == "\(lastStart)")
        #expect(warning.metadata["path"] == image.file("journal.jsonl"))
        #expect(reopened.recoveryWarnings.count == 1, "the warnings are still returned to the caller")
        #expect(warning.metadata["warning"] == reopened.recoveryWarnings.first)
        try reopened.close()
    }

    @Test func aFailingDiskIsLoggedWhenTheStoreTurnsUnwritable() async throws {
        let probeDir = TemporaryDirectory()
        let probe = FaultInjectingFileSystem()
        try openLedger(probeDir.data, fileSystem: probe).close()
        let fsyncsToOpen = probe.calls(.fsync)

        let dir = TemporaryDirectory()
        let recording = LogRecording()
        let faulty = FaultInjectingFileSystem(fault: .init(operation: .fsync, call: fsyncsToOpen + 1, errno: EIO, persistent: true))
        let store = try LedgerStore.open(directory: dir.data, options: StoreOptions(snapshotEverySeconds: 0),
                                         fileSystem: faulty, logger: recording.logger) { Ledger() }
        #expect(recording.lines("store turned unwritable: writes are refused until the disk takes writes again, reads go on").isEmpty)
        _ = await store.submit(.put(key: "a", value: "1"))
        _ = await store.submit(.put(key: "b", value: "2"))
        #expect(!store.isWritable)
        let append = try #require(recording.lines("append failed").first)
        #expect(append.level == .error && append.metadata["error"]?.contains("fsync") == true)
        let unwritable = recording.lines("store turned unwritable: writes are refused until the disk takes writes again, reads go on")
        #expect(unwritable.count == 1, "logged once, when it happens")
        #expect(unwritable.first?.level == .critical)
        #expect(unwritable.first?.metadata["reason"]?.contains("fsync") == true)
        try? store.close()
    }
}
