import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

@Suite struct DiskFailureTests {
    struct ScenarioOutcome {
        var acknowledged: [String: String] = [:]
        var refused = 0
        var openFailed = false
        /// The files as a crash just before close() would have left them (close's snapshot hides a lot).
        var crashImage: TemporaryDirectory?
    }

    /// Eight puts with a snapshot every three commands (so compaction renames are in play too), then
    /// close. Checks along the way that a refused write leaves the readable state exactly as it was.
    private func runScenario(in dir: TemporaryDirectory, fileSystem: any FileSystem) async -> ScenarioOutcome {
        var outcome = ScenarioOutcome()
        let store: LedgerStore
        do {
            store = try openLedger(dir.data, options: StoreOptions(snapshotEveryCommands: 3, snapshotEverySeconds: 0, backgroundSnapshots: false),
                                   fileSystem: fileSystem)
        } catch {
            outcome.openFailed = true
            return outcome
        }
        for index in 0..<8 {
            let before = store.state
            switch await store.submit(.put(key: "k\(index)", value: "v\(index)")) {
            case .success:
                outcome.acknowledged["k\(index)"] = "v\(index)"
            case .failure(.unavailable):
                outcome.refused += 1
                #expect(store.state == before, "a refused write must not change what readers see")
            case .failure(.rejected(let failure)):
                Issue.record("unexpected rejection \(failure)")
            case .failure(.preconditionFailed):
                Issue.record("a put without a precondition refused as stale")
            }
            #expect(store.state.entries == outcome.acknowledged, "reads go on and show exactly what was acknowledged")
        }
        outcome.crashImage = try? dir.crashImage()
        try? store.close()
        return outcome
    }

    @Test(arguments: FaultInjectingFileSystem.Operation.allCases, [ENOSPC, EIO])
    func failureAtEveryCallIsNeverAcknowledged(operation: FaultInjectingFileSystem.Operation, code: Int32) async throws {
        let baselineDir = TemporaryDirectory()
        let counter = FaultInjectingFileSystem()
        let baseline = await runScenario(in: baselineDir, fileSystem: counter)
        #expect(baseline.acknowledged.count == 8)
        let calls = counter.calls(operation)
        #expect(calls >= 3)

        var refusedSomewhere = false
        for call in 1...calls {
            let dir = TemporaryDirectory()
            let faulty = FaultInjectingFileSystem(fault: .init(operation: operation, call: call, errno: code))
            let outcome = await runScenario(in: dir, fileSystem: faulty)
            refusedSomewhere = refusedSomewhere || outcome.refused > 0 || outcome.openFailed
            // Restart on a healthy disk: exactly the acknowledged commands, none of the refused ones.
            let reopened = try openLedger(dir.data)
            #expect(reopened.state.entries == outcome.acknowledged, "\(operation) #\(call) failing with errno \(code)")
            try reopened.close()
            // And after a crash instead of a graceful close.
            if let image = outcome.crashImage {
                let recovered = try openLedger(image.data)
                #expect(recovered.state.entries == outcome.acknowledged, "crash after \(operation) #\(call) failed")
                try recovered.close()
            }
        }
        #expect(refusedSomewhere, "some injected \(operation) failure must reach a caller")
    }

    @Test func persistentFsyncFailureMakesTheStoreFailFast() async throws {
        let probeDir = TemporaryDirectory()
        let probe = FaultInjectingFileSystem()
        let opened = try openLedger(probeDir.data, fileSystem: probe)
        let fsyncsToOpen = probe.calls(.fsync)
        try opened.close()

        let dir = TemporaryDirectory()
        // The first batch's fsync succeeds; from the second on the disk stays broken.
        let faulty = FaultInjectingFileSystem(fault: .init(operation: .fsync, call: fsyncsToOpen + 2, errno: EIO, persistent: true))
        let store = try openLedger(dir.data, fileSystem: faulty)
        _ = try await store.put("kept", "1")
        let failed = await store.submit(.put(key: "lost", value: "2"))
        guard case .failure(.unavailable(let reason)) = failed else {
            Issue.record("expected unavailable, got \(failed)")
            return
        }
        #expect(reason.contains("fsync"))
        #expect(!store.isWritable)
        let fsyncsBefore = faulty.calls(.fsync)
        let fast = await store.submit(.put(key: "later", value: "3"))
        guard case .failure(.unavailable) = fast else {
            Issue.record("expected unavailable, got \(fast)")
            return
        }
        #expect(faulty.calls(.fsync) == fsyncsBefore, "an unwritable store must not touch the disk again")
        #expect(store.state.entries == ["kept": "1"])
        try store.close()

        // The refused record may or may not have reached the disk (its fsync failed); the acknowledged
        // one must be there.
        let reopened = try openLedger(dir.data)
        #expect(reopened.state.entries["kept"] == "1")
        #expect(reopened.state.entries["later"] == nil)
        try reopened.close()
    }
}
