import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

@Suite struct RecoveryTests {
    /// A data dir holding a snapshot (seq 0) and a journal of three records, left as by a crash.
    private func crashedDirectory() async throws -> TemporaryDirectory {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("first", "1")
        _ = try await store.put("second", "2")
        _ = try await store.put("third", "3")
        let image = try dir.crashImage()
        try store.close()
        return image
    }

    @Test func tornLastRecordIsDroppedAtEveryByteOffset() async throws {
        let original = try await crashedDirectory()
        let snapshot = try original.read("snapshot.json")
        let journal = try original.read("journal.jsonl")
        let lastStart = try #require(journal.lineStarts.last)
        // Every proper prefix of the last record, from "nothing of it" to "all but the newline".
        for cut in lastStart..<journal.count {
            let dir = TemporaryDirectory()
            try FileManager.default.createDirectory(atPath: dir.data, withIntermediateDirectories: true)
            try dir.write("snapshot.json", snapshot)
            try dir.write("journal.jsonl", Array(journal[..<cut]))

            let store = try openLedger(dir.data)
            #expect(store.state.entries == ["first": "1", "second": "2"], "cut at \(cut)")
            #expect(store.sequence == 2)
            if cut == lastStart {
                #expect(store.recoveryWarnings.isEmpty)
            } else {
                #expect(store.recoveryWarnings.count == 1)
                #expect(store.recoveryWarnings.first?.contains("byte offset \(lastStart)") == true, "cut at \(cut)")
            }
            // The torn bytes must not poison the next record appended.
            _ = try await store.put("after", "crash")
            let image = try dir.crashImage()
            try store.close()
            let reopened = try openLedger(image.data)
            #expect(reopened.state.entries == ["first": "1", "second": "2", "after": "crash"], "cut at \(cut)")
            #expect(reopened.recoveryWarnings.isEmpty)
            try reopened.close()
        }
    }

    @Test func checksumFailingLastRecordIsDropped() async throws {
        let dir = try await crashedDirectory()
        var journal = try dir.read("journal.jsonl")
        let lastStart = try #require(journal.lineStarts.last)
        let target = try #require(journal[lastStart...].firstIndex(of: UInt8(ascii: "3")))
        journal[target] = UInt8(ascii: "4")
        try dir.write("journal.jsonl", journal)

        let store = try openLedger(dir.data)
        #expect(store.state.entries == ["first": "1", "second": "2"])
        #expect(store.recoveryWarnings.count == 1)
        #expect(store.recoveryWarnings.first?.contains("checksum mismatch") == true)
        #expect(store.recoveryWarnings.first?.contains("byte offset \(lastStart)") == true)
        try store.close()
    }

    @Test func damageBeforeTheLastRecordRefusesToStart() async throws {
        let dir = try await crashedDirectory()
        var journal = try dir.read("journal.jsonl")
        let middle = journal.lineStarts[1]
        let target = try #require(journal[middle...].firstIndex(of: UInt8(ascii: "2")))
        journal[target] = UInt8(ascii: "9")
        try dir.write("journal.jsonl", journal)

        #expect {
            try openLedger(dir.data)
        } throws: { error in
            guard case StoreError.corruptJournal(let path, let offset, let reason) = error else { return false }
            return path == dir.file("journal.jsonl") && offset == middle && reason.contains("checksum")
        }
        // Refusing must not have touched the evidence.
        #expect(try dir.read("journal.jsonl") == journal)
    }

    @Test func tornRecordFollowedByAnotherRecordRefusesToStart() async throws {
        let dir = try await crashedDirectory()
        var journal = try dir.read("journal.jsonl")
        let second = journal.lineStarts[1]
        journal.removeSubrange((second + 10)..<(journal.lineStarts[2] - 1))
        try dir.write("journal.jsonl", journal)
        #expect {
            try openLedger(dir.data)
        } throws: { error in
            guard case StoreError.corruptJournal(_, let offset, _) = error else { return false }
            return offset == second
        }
    }

    @Test func sequenceGapRefusesToStart() async throws {
        let dir = try await crashedDirectory()
        let journal = try dir.read("journal.jsonl")
        let starts = journal.lineStarts
        // Drop the middle record entirely: every line is intact, but record 2 is missing.
        try dir.write("journal.jsonl", Array(journal[..<starts[1]] + journal[starts[2]...]))
        #expect {
            try openLedger(dir.data)
        } throws: { error in
            guard case StoreError.corruptJournal(_, let offset, let reason) = error else { return false }
            return offset == starts[1] && reason.contains("sequence 3")
        }
    }

    @Test func corruptSnapshotRefusesToStart() async throws {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        _ = try await store.put("name", "Ada Lovelace")
        try store.close()
        let snapshot = try dir.read("snapshot.json")

        var flipped = snapshot
        let target = try #require(snapshot.lastIndex(of: UInt8(ascii: "A")))
        flipped[target] = UInt8(ascii: "B")
        try dir.write("snapshot.json", flipped)
        #expect(throws: StoreError.self) { try openLedger(dir.data) }
        #expect {
            try openLedger(dir.data)
        } throws: { error in
            guard case StoreError.corruptSnapshot(let path, let reason) = error else { return false }
            return path == dir.file("snapshot.json") && reason.contains("checksum mismatch")
        }

        try dir.write("snapshot.json", Array(snapshot.dropLast(5)))
        #expect {
            try openLedger(dir.data)
        } throws: { error in
            guard case StoreError.corruptSnapshot(_, let reason) = error else { return false }
            return reason.contains("promises")
        }

        try dir.write("snapshot.json", Array("{\"format\":99,\"sequence\":1,\"bytes\":2,\"crc\":\"00000000\"}\n{}".utf8))
        #expect {
            try openLedger(dir.data)
        } throws: { error in
            guard case StoreError.corruptSnapshot(_, let reason) = error else { return false }
            return reason.contains("unsupported format version 99")
        }
    }

    @Test func missingSnapshotWithAJournalRefusesToStartEmpty() async throws {
        let dir = try await crashedDirectory()
        try FileManager.default.removeItem(atPath: dir.file("snapshot.json"))
        #expect {
            try openLedger(dir.data)
        } throws: { error in
            guard case StoreError.corruptSnapshot(_, let reason) = error else { return false }
            return reason.contains("refusing to start empty")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("snapshot.json")))
    }

    @Test func recordsTheSnapshotAlreadyHoldsAreSkipped() async throws {
        // A crash between renaming a new snapshot into place and emptying the journal.
        let dir = try await crashedDirectory()
        let staleJournal = try dir.read("journal.jsonl")
        let store = try openLedger(dir.data)
        try store.close()
        try dir.write("journal.jsonl", staleJournal)

        let reopened = try openLedger(dir.data)
        #expect(reopened.state.entries.count == 3)
        #expect(reopened.sequence == 3)
        _ = try await reopened.put("fourth", "4")
        try reopened.close()
        let again = try openLedger(dir.data)
        #expect(again.state.entries.count == 4)
        try again.close()
    }
}
