import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

/// What the store counts for `/metrics`: each written batch's commit time and size, each snapshot's duration and
/// time, each failed snapshot.
@Suite struct StoreStatisticsTests {
    @Test func eachWrittenBatchIsOneCommitWithItsSizeAndARefusedCommandIsNone() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        let opened = store.statistics
        _ = try await store.put("ada", "one")
        _ = try await store.put("grace", "two")
        let written = store.statistics
        #expect(written.commitDurations.count == opened.commitDurations.count + 2)
        #expect(written.commitDurations.sum > opened.commitDurations.sum, "an fsync takes time")
        #expect(written.batchSizes.count == opened.batchSizes.count + 2)
        #expect(written.batchSizes.sum == opened.batchSizes.sum + 2, "one command per batch")
        try store.close()
    }

    @Test func aSnapshotIsTimedAndAFailedOneCounted() async throws {
        let probe = FaultInjectingFileSystem()
        let probeDir = TemporaryDirectory()
        try openLedger(probeDir.data, fileSystem: probe).close()
        let renamesToOpen = probe.calls(.rename)

        // The erasure's snapshot (synchronous) fails once at its rename; the next batch's retry succeeds.
        let dir = TemporaryDirectory()
        let faulty = FaultInjectingFileSystem(fault: .init(operation: .rename, call: renamesToOpen + 1, errno: EIO))
        let store = try openLedger(dir.data, fileSystem: faulty)
        let opened = store.statistics
        _ = try await store.put("ada", "x")
        _ = await store.submit(.erase(key: "ada"))
        let failed = store.statistics
        #expect(failed.snapshotFailures == opened.snapshotFailures + 1)
        #expect(failed.snapshotDurations.count == opened.snapshotDurations.count)

        // The time is bracketed by clock readings on either side rather than compared with "now": in the parallel
        // suite this task can wait a minute for a thread after the barrier (CI saw 62 s), which says nothing of
        // the store.
        let beforeRetry = Date()
        _ = try await store.put("grace", "y")
        await store.writerBarrier()
        let afterRetry = Date()
        let retried = store.statistics
        #expect(retried.snapshotFailures == failed.snapshotFailures)
        #expect(retried.snapshotDurations.count == failed.snapshotDurations.count + 1)
        #expect(retried.lastSnapshotBytes > 0)
        let at = try #require(retried.lastSnapshotAt)
        #expect(at >= beforeRetry && at <= afterRetry, "the retried snapshot's time, \(at), is when it was written")
        try store.close()
    }
}
