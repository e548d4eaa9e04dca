import AgoraStore
import Dispatch
import Synchronization
import Testing
import TestSupport
import AgoraStoreTesting

@Suite struct GroupCommitTests {
    @Test func submissionsQueuedDuringAnFsyncShareTheNextOne() async throws {
        let dir = TemporaryDirectory()
        let fileSystem = GatedFileSystem()
        let store = try openLedger(dir.data, fileSystem: fileSystem)
        let fsyncsAfterOpen = fileSystem.journalFsyncCount
        fileSystem.arm()

        let outcomes = Mutex([Int: Result<Int, SubmitError<Ledger.Failure>>]())
        let done = DispatchGroup()
        func submit(_ index: Int) {
            done.enter()
            store.submit(.put(key: "k\(index)", value: "v")) { result in
                outcomes.withLock { $0[index] = result }
                done.leave()
            }
        }
        submit(0)
        await fileSystem.writerIsParked()

        // The first batch is written but not yet durable: readers still see the old state, at once.
        #expect(store.state.entries.isEmpty)
        #expect(store.sequence == 0)
        #expect(outcomes.withLock { $0.isEmpty }, "nothing may be acknowledged before its fsync returns")

        for index in 1..<100 { submit(index) }
        fileSystem.release()
        await withCheckedContinuation { continuation in done.notify(queue: .global()) { continuation.resume() } }

        #expect(fileSystem.journalFsyncCount - fsyncsAfterOpen == 2, "99 queued submissions must share one fsync")
        let results = outcomes.withLock { $0 }
        for index in 0..<100 {
            // Applied in submission order: the ledger's size after each put is its position.
            #expect(try results[index]?.get() == index + 1)
        }
        #expect(store.sequence == 100)
        let image = try dir.crashImage()
        try store.close()
        let recovered = try openLedger(image.data)
        #expect(recovered.state.entries.count == 100)
        try recovered.close()
    }

    @Test func manyConcurrentWritersAreAllDurable() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        try await withThrowingTaskGroup(of: Void.self) { group in
            // More than one recovery decoding chunk (2 048 records), so chunk order is exercised too.
            for writer in 0..<64 {
                group.addTask {
                    for index in 0..<40 { _ = try await store.put("w\(writer)-\(index)", "v") }
                }
            }
            try await group.waitForAll()
        }
        #expect(store.sequence == 2_560)
        let image = try dir.crashImage()
        try store.close()
        let recovered = try openLedger(image.data)
        #expect(recovered.state.entries.count == 2_560)
        #expect(recovered.sequence == 2_560)
        try recovered.close()
    }

    @Test func writesContinueWhileABackgroundSnapshotIsWritten() async throws {
        let dir = TemporaryDirectory()
        let fileSystem = GatedFileSystem(gatedSuffix: "/snapshot.json.tmp")
        let store = try openLedger(dir.data, options: StoreOptions(snapshotEveryCommands: 3, snapshotEverySeconds: 0),
                                   fileSystem: fileSystem)
        fileSystem.arm()
        for index in 0..<3 { _ = try await store.put("k\(index)", "v") }
        await fileSystem.writerIsParked()

        // The snapshot of k0...k2 is stuck in its fsync; writes must not wait for it.
        for index in 3..<8 { _ = try await store.put("k\(index)", "v") }
        let during = try dir.crashImage()
        fileSystem.release()
        await fileSystem.journalWasReplaced()

        // Once the snapshot is durable the journal holds only what it lacks: k3...k7.
        #expect(try dir.read("snapshot.json").contains(#""sequence":3"#))
        #expect(try dir.read("journal.jsonl").lineStarts.count == 5)
        let after = try dir.crashImage()
        try store.close()
        for image in [during, after] {
            let recovered = try openLedger(image.data)
            #expect(recovered.state.entries.count == 8)
            #expect(recovered.sequence == 8)
            try recovered.close()
        }
    }
}
