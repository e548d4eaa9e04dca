import AgoraStore
import Foundation
import Testing
import TestSupport
import AgoraStoreTesting

/// Recovery reads the journal a piece at a time (`StoreOptions.recoveryReadBytes`); wherever the pieces
/// fall — inside a record, on a newline, one byte each — it must recover exactly what reading the whole
/// file does, name the same byte offsets, and drop only the journal's true last line.
@Suite struct PieceReadingTests {
    private static let pieceSizes = [1, 2, 3, 7, 64, 333, 1 << 20]

    /// A snapshot (seq 0) and a journal of twelve records of uneven lengths, as a crash leaves them.
    private func crashedFiles() async throws -> (snapshot: [UInt8], journal: [UInt8]) {
        let dir = TemporaryDirectory()
        let store = try openLedger(dir.data)
        for index in 0..<12 { _ = try await store.put("k\(index)", String(repeating: "é", count: index * 7)) }
        let image = try dir.crashImage()
        try store.close()
        return (try image.read("snapshot.json"), try image.read("journal.jsonl"))
    }

    /// The directory is returned too: it is removed when released, and the store still writes to it.
    private func open(_ files: (snapshot: [UInt8], journal: [UInt8]), pieces: Int) throws -> (LedgerStore, TemporaryDirectory) {
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.data, withIntermediateDirectories: true)
        try dir.write("snapshot.json", files.snapshot)
        try dir.write("journal.jsonl", files.journal)
        return (try openLedger(dir.data, options: StoreOptions(snapshotEverySeconds: 0, recoveryReadBytes: pieces)), dir)
    }

    private func expected(_ count: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (0..<count).map { ("k\($0)", String(repeating: "é", count: $0 * 7)) })
    }

    @Test func everyPieceSizeRecoversTheWholeJournal() async throws {
        let files = try await crashedFiles()
        for pieces in Self.pieceSizes {
            let (store, dir) = try open(files, pieces: pieces)
            #expect(store.state.entries == expected(12), "pieces of \(pieces)")
            #expect(store.sequence == 12 && store.recoveryWarnings.isEmpty, "pieces of \(pieces)")
            try store.close()
            _ = dir
        }
    }

    @Test func aTornLastRecordIsDroppedWhereverThePiecesFall() async throws {
        let files = try await crashedFiles()
        let lastStart = try #require(files.journal.lineStarts.last)
        for pieces in Self.pieceSizes {
            for cut in [lastStart + 1, lastStart + 9, files.journal.count - 1] {
                let (store, dir) = try open((files.snapshot, Array(files.journal[..<cut])), pieces: pieces)
                #expect(store.state.entries == expected(11), "pieces of \(pieces), cut at \(cut)")
                #expect(store.recoveryWarnings.count == 1)
                #expect(store.recoveryWarnings.first?.contains("torn last record at byte offset \(lastStart)") == true,
                        "pieces of \(pieces), cut at \(cut): \(store.recoveryWarnings)")
                try store.close()
                _ = dir
            }
        }
    }

    @Test func onlyTheTrueLastLineMayBeDamaged() async throws {
        let files = try await crashedFiles()
        let starts = files.journal.lineStarts
        func damaged(_ line: Int) -> [UInt8] {
            var journal = files.journal
            journal[starts[line] + 30] ^= 0x01  // inside the checksummed payload
            return journal
        }
        for pieces in Self.pieceSizes {
            let (store, dir) = try open((files.snapshot, damaged(11)), pieces: pieces)
            #expect(store.state.entries == expected(11), "pieces of \(pieces)")
            #expect(store.recoveryWarnings.first?.contains("damaged last record at byte offset \(starts[11])") == true,
                    "pieces of \(pieces): \(store.recoveryWarnings)")
            try store.close()
            _ = dir

            for line in [0, 5, 10] {
                #expect {
                    try open((files.snapshot, damaged(line)), pieces: pieces)
                } throws: { error in
                    guard case StoreError.corruptJournal(_, let offset, let reason) = error else { return false }
                    return offset == starts[line] && reason.contains("not the last record")
                }
            }
            // A damaged line followed by a torn one is not the last: refused, not dropped.
            let tornAfterDamage = Array(damaged(10)[..<(starts[11] + 5)])
            #expect {
                try open((files.snapshot, tornAfterDamage), pieces: pieces)
            } throws: { error in
                guard case StoreError.corruptJournal(_, let offset, _) = error else { return false }
                return offset == starts[10]
            }
        }
    }
}
