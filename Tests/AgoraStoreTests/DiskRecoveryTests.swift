import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

/// A full disk recovers by itself (issue 13 item 1): refused writes answer "unavailable" while it is full, and
/// once a probe write succeeds the store writes a fresh snapshot and journal and takes writes again, without a
/// restart; a snapshot that does not fit never keeps the store unwritable while the journal can be written.
@Suite struct DiskRecoveryTests {
    /// Synchronous snapshots and no timers: each write attempt while unwritable probes first (diskProbeSeconds 0).
    private let options = StoreOptions(snapshotEverySeconds: 0, backgroundSnapshots: false, diskProbeSeconds: 0)

    private func expectUnavailable(_ result: Result<Int, SubmitError<Ledger.Failure>>,
                                   sourceLocation: SourceLocation = #_sourceLocation) {
        guard case .failure(.unavailable) = result else {
            Issue.record("expected unavailable, got \(result)", sourceLocation: sourceLocation)
            return
        }
    }

    @Test(arguments: [FaultInjectingFileSystem.Operation.write, .fsync])
    func aFullDiskTakesWritesAgainOnceSpaceIsBack(operation: FaultInjectingFileSystem.Operation) async throws {
        let dir = TemporaryDirectory()
        let disk = FaultInjectingFileSystem()
        let recording = LogRecording()
        let store = try LedgerStore.open(directory: dir.data, options: options, fileSystem: disk,
                                         logger: recording.logger) { Ledger() }
        _ = try await store.put("before", "1")

        disk.refuse([operation], errno: ENOSPC)
        expectUnavailable(await store.submit(.put(key: "refused", value: "2")))
        #expect(!store.isWritable)
        let fsyncs = disk.calls(.fsync)
        expectUnavailable(await store.submit(.put(key: "still full", value: "3")))
        #expect(store.status.failedDiskProbes >= 1, "the write while full probed the disk and found it full")
        #expect(disk.calls(.fsync) <= fsyncs + 1, "a probe is one small file, not a snapshot")
        #expect(store.state.entries == ["before": "1"])

        disk.accept()
        _ = try await store.put("after", "4")
        #expect(store.isWritable)
        let status = store.status
        #expect(status.turnedUnwritable == 1 && status.turnedWritable == 1, "\(status)")
        #expect(status.isWritable && status.unwritableReason == nil)
        #expect(recording.lines("store writable again").count == 1)
        #expect(recording.lines("store turned unwritable: writes are refused until the disk takes writes again, reads go on").count == 1)
        try store.close()

        let reopened = try openLedger(dir.data)
        #expect(reopened.state.entries == ["before": "1", "after": "4"], "exactly the acknowledged writes")
        try reopened.close()
    }

    @Test func theProbeRunsWithoutWritesSoReadinessComesBackByItself() async throws {
        let dir = TemporaryDirectory()
        let disk = FaultInjectingFileSystem()
        let store = try openLedger(dir.data, options: StoreOptions(snapshotEverySeconds: 0, backgroundSnapshots: false,
                                                                   diskProbeSeconds: 0.02), fileSystem: disk)
        _ = try await store.put("before", "1")
        disk.refuse([.fsync], errno: ENOSPC)
        expectUnavailable(await store.submit(.put(key: "refused", value: "2")))
        #expect(!store.isWritable)
        disk.accept()
        let deadline = ContinuousClock.now + .seconds(10)
        while !store.isWritable, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(store.isWritable, "a timer probe turned the store writable with no write arriving")
        _ = try await store.put("after", "3")
        try store.close()
        let reopened = try openLedger(dir.data)
        #expect(reopened.state.entries == ["before": "1", "after": "3"])
        try reopened.close()
    }

    /// The disk has room for the journal but not for a snapshot: the append that failed is repaired with a fresh
    /// journal of the durable records, and the store stays writable.
    @Test func aSnapshotThatDoesNotFitDoesNotKeepTheJournalUnwritable() async throws {
        let dir = TemporaryDirectory()
        let disk = FaultInjectingFileSystem()
        let store = try openLedger(dir.data, options: options, fileSystem: disk)
        _ = try await store.put("a", "1")
        _ = try await store.put("b", "2")

        disk.refuse([.write], errno: ENOSPC, pathContaining: "snapshot.json")
        disk.refuse([.fsync], errno: ENOSPC, pathContaining: "/journal.jsonl", times: 1)
        expectUnavailable(await store.submit(.put(key: "failed", value: "x")))
        #expect(store.isWritable, "the journal can still be written: the store must not turn unwritable")
        _ = try await store.put("c", "3")
        #expect(store.status.turnedUnwritable == 0)
        #expect(store.state.entries == ["a": "1", "b": "2", "c": "3"])

        // A crash now (no final snapshot): the restarted journal alone holds everything acknowledged.
        let image = try dir.crashImage()
        disk.accept()
        try store.close()
        let recovered = try openLedger(image.data)
        #expect(recovered.state.entries == ["a": "1", "b": "2", "c": "3"])
        try recovered.close()
        let reopened = try openLedger(dir.data)
        #expect(reopened.state.entries == ["a": "1", "b": "2", "c": "3"])
        try reopened.close()
    }

    /// A policy snapshot whose journal replacement fails at the rename left no journal it can trust: repaired at
    /// once by the next snapshot, instead of refusing writes until restart.
    @Test func aJournalReplacementThatFailedIsRepairedInsteadOfRefusingWritesForGood() async throws {
        let dir = TemporaryDirectory()
        let disk = FaultInjectingFileSystem()
        let store = try openLedger(dir.data, options: StoreOptions(snapshotEveryCommands: 2, snapshotEverySeconds: 0,
                                                                   backgroundSnapshots: false, diskProbeSeconds: 0),
                                   fileSystem: disk)
        _ = try await store.put("a", "1")
        disk.refuse([.rename], errno: EIO, pathContaining: "journal.jsonl.tmp", times: 1)
        _ = try await store.put("b", "2")  // acknowledged, then the policy snapshot's journal rename fails
        #expect(store.isWritable)
        _ = try await store.put("c", "3")
        #expect(store.status.snapshotFailures == 1)
        try store.close()
        let reopened = try openLedger(dir.data)
        #expect(reopened.state.entries == ["a": "1", "b": "2", "c": "3"])
        try reopened.close()
    }
}
