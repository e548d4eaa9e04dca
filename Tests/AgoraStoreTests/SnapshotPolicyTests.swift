import AgoraStore
import Testing
import TestSupport

/// The default snapshot policy is relative to the snapshot's size (issue 13 item 5), as Redis's
/// `auto-aof-rewrite-percentage` / `-min-size`: a snapshot once the journal holds P % of the last snapshot's bytes
/// (and at least the minimum), so the snapshot work stays proportional to what is written.
@Suite struct SnapshotPolicyTests {
    private func options(percent: Int, minBytes: Int) -> StoreOptions {
        StoreOptions(snapshotEverySeconds: 0, backgroundSnapshots: false, snapshotJournalPercent: percent,
                     snapshotJournalMinBytes: minBytes)
    }

    @Test func aSnapshotIsWrittenWhenTheJournalReachesThePercentageOfTheLastSnapshot() async throws {
        let dir = TemporaryDirectory()
        // A seed of some size, so the snapshot (not the minimum) sets the threshold.
        var seed = Ledger()
        for index in 0..<50 { seed.entries["seed\(index)"] = String(repeating: "s", count: 100) }
        let store = try openLedger(dir.data, options: options(percent: 50, minBytes: 1), seed: seed)
        let first = store.status
        #expect(first.snapshotsWritten == 1, "the seed's snapshot")
        #expect(first.lastSnapshotBytes > 5_000)
        #expect(first.lastSnapshotAt != nil && first.lastSnapshotSeconds >= 0)
        var snapshotsSeen = first.snapshotsWritten
        for index in 0..<200 {
            let before = store.status
            let journalBefore = try #require(before.journalBytes)
            _ = try await store.put("k\(index)", String(repeating: "v", count: 50))
            await store.writerBarrier()  // the policy snapshot runs after the batch's callers are answered
            let after = store.status
            let journal = try #require(after.journalBytes)
            if after.snapshotsWritten > snapshotsSeen {
                // The batch that crossed the threshold snapshotted: the journal starts again empty.
                #expect(journal == 0)
                #expect(journalBefore < before.lastSnapshotBytes / 100 * 50,
                        "the batch before was still below the threshold")
                snapshotsSeen = after.snapshotsWritten
            } else {
                #expect(journal < after.lastSnapshotBytes / 100 * 50, "below the threshold no snapshot is due")
                #expect(journal > journalBefore, "the journal only grows between snapshots")
            }
        }
        #expect(snapshotsSeen >= 3, "the journal crossed half the snapshot's size several times")
        #expect(store.status.lastSnapshotBytes > first.lastSnapshotBytes, "the threshold grows with the state")
        try store.close()
    }

    @Test func theMinimumKeepsASmallStateFromSnapshottingAfterEveryFewWrites() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data, options: options(percent: 1, minBytes: 1 << 20))
        for index in 0..<100 { _ = try await store.put("k\(index)", "value \(index)") }
        #expect(store.status.snapshotsWritten == 1, "only the seed's: 100 small records are far below 1 MiB")
        try store.close()
    }

    @Test func theSizeOfASnapshotLoadedAtStartSetsTheThreshold() async throws {
        let dir = TemporaryDirectory()
        var seed = Ledger()
        for index in 0..<20 { seed.entries["seed\(index)"] = String(repeating: "s", count: 100) }
        let store = try openLedger(dir.data, options: options(percent: 100, minBytes: 1), seed: seed)
        let written = store.status.lastSnapshotBytes
        _ = try await store.put("a", "1")
        let journal = try #require(store.status.journalBytes)
        try store.close()  // a final snapshot
        let reopened = try openLedger(dir.data, options: options(percent: 100, minBytes: 1))
        #expect(reopened.status.lastSnapshotBytes > written && reopened.status.lastSnapshotBytes < written + journal + 200)
        #expect(reopened.status.journalBytes == 0)
        try reopened.close()
    }
}
