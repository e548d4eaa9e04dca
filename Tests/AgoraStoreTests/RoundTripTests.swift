import Dispatch
import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

@Suite struct RoundTripTests {
    @Test func acknowledgedCommandsSurviveCloseAndReopen() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        #expect(try await store.put("a", "1") == 1)
        #expect(try await store.put("b", "2") == 2)
        #expect(store.sequence == 2)
        try store.close()

        let reopened = try openLedger(dir.data, seed: Ledger(entries: ["seed": "must not be used"]))
        #expect(reopened.state.entries == ["a": "1", "b": "2"])
        #expect(reopened.sequence == 2)
        #expect(reopened.recoveryWarnings.isEmpty)
        try reopened.close()
    }

    @Test func journalIsReplayedWhenTheStoreWasNotClosed() async throws {
        let original = TemporaryDirectory()
        let store = try openLedger(original.data)
        for index in 0..<5 { _ = try await store.put("k\(index)", "v\(index)") }
        // As a crash would leave it: no final snapshot, the journal alone carries the commands.
        let dir = try original.crashImage()
        try store.close()
        #expect(try dir.read("journal.jsonl").lineStarts.count == 5)
        let reopened = try openLedger(dir.data)
        #expect(reopened.state.entries.count == 5)
        #expect(reopened.state.entries["k4"] == "v4")
        #expect(reopened.sequence == 5)
        try reopened.close()
    }

    @Test func seedIsUsedOnlyForAnEmptyDirectory() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data, seed: Ledger(entries: ["welcome": "yes"]))
        #expect(store.state.entries == ["welcome": "yes"])
        try store.close()
        let reopened = try LedgerStore.open(directory: dir.data) { () throws -> Ledger in
            Issue.record("seed must not run over existing data")
            return Ledger()
        }
        #expect(reopened.state.entries == ["welcome": "yes"])
        try reopened.close()
    }

    @Test func rejectedCommandIsNotJournaled() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("a", "1")
        let result = await store.submit(.remove(key: "nobody"))
        guard case .failure(.rejected(.missing("nobody"))) = result else {
            Issue.record("expected a typed rejection, got \(result)")
            return
        }
        #expect(store.sequence == 1)
        #expect(try dir.read("journal.jsonl").lineStarts.count == 1)
        try store.close()
    }

    @Test func journalLineIsChecksummedJSON() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("ключ", "Œuvre ë ß")
        let line = try dir.read("journal.jsonl")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
        #expect(object["seq"] as? Int == 1)
        #expect((object["crc"] as? String)?.count == 8)
        #expect(object["time"] is String)
        let command = try JSONDecoder().decode(Ledger.Command.self,
                                               from: JSONSerialization.data(withJSONObject: object["command"] as Any))
        #expect(command == .put(key: "ключ", value: "Œuvre ë ß"))
        try store.close()
    }

    @Test func closeWritesAFinalSnapshotAndEmptiesTheJournal() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        for index in 0..<3 { _ = try await store.put("k\(index)", "v") }
        try store.close()
        #expect(try dir.read("journal.jsonl").isEmpty)
        #expect(try dir.read("snapshot.json").contains(#""sequence":3"#))
        let result = await store.submit(.put(key: "late", value: "x"))
        guard case .failure(.unavailable) = result else {
            Issue.record("a closed store must refuse writes, got \(result)")
            return
        }
    }

    @Test func dataFilesAreReadableByTheOwnerOnly() async throws {
        // They hold registrants' personal data.
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("a", "1")
        for name in ["snapshot.json", "journal.jsonl"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: dir.file(name))
            let mode = try #require(attributes[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(name) has mode \(String(mode, radix: 8))")
        }
        try store.close()
    }

    @Test func secondOpenIsRefusedUntilClose() throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        let started = DispatchTime.now()
        #expect(throws: StoreError.lockedByAnotherProcess(path: dir.file("LOCK"))) {
            try openLedger(dir.data, options: StoreOptions(snapshotEverySeconds: 0, lockWaitSeconds: 0.3))
        }
        let waited = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        #expect(waited >= 0.3, "refused only after waiting lockWaitSeconds (\(waited) s)")
        try store.close()
        let again = try openLedger(dir.data)
        try again.close()
    }

    /// A restart overlapping the old process's exit, or a child holding a copy of the descriptor until its exec.
    @Test("a lock let go while opening waits for it is taken")
    func lockReleasedWhileWaitingIsTaken() throws {
        let dir = TemporaryDirectory()
        try PosixFileSystem().createDirectory(dir.data)
        // Another open file description holds the lock, as a forked child's copy or the old process would.
        let holder = try PosixFileSystem().lockExclusively(dir.file("LOCK"))
        let released = DispatchSemaphore(value: 0)
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) {
            PosixFileSystem().close(holder)
            released.signal()
        }
        let store = try openLedger(dir.data, options: StoreOptions(snapshotEverySeconds: 0, lockWaitSeconds: 30))
        #expect(released.wait(timeout: .now()) == .success, "opened only once the other holder let go")
        try store.close()
    }
}
