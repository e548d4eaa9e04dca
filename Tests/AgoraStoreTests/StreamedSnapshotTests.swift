import AgoraDomain
import AgoraDomainTesting
@testable import AgoraStore
import Foundation
import Testing
import TestSupport

/// Issue 16: snapshot.json is decoded as it is read, a piece at a time (events in parallel chunks meanwhile), instead
/// of from the whole file. Whatever the pieces, it gives exactly the state the whole-file reader gives, and a damaged
/// file is refused with the same reason as before.
@Suite struct StreamedSnapshotTests {
    /// A data directory holding the snapshot the store writes at close of `state`, and the snapshot's bytes.
    private static func directory(with state: AgoraState) throws -> (TemporaryDirectory, [UInt8]) {
        let dir = TemporaryDirectory()
        let store = try DurableStore<AgoraState>.open(directory: dir.data, options: StoreOptions(snapshotEverySeconds: 0)) { state }
        try store.close()
        return (dir, try dir.read("snapshot.json"))
    }

    /// The state as the whole-file reader (the path before issue 16) decodes it.
    private static func wholeFileState(_ snapshot: [UInt8]) throws -> AgoraState {
        let newline = try #require(snapshot.firstIndex(of: 0x0A))
        return try AgoraState(snapshotJSON: snapshot, range: (newline + 1)..<snapshot.count)
    }

    private static func open(_ dir: TemporaryDirectory, pieceBytes: Int) throws -> DurableStore<AgoraState> {
        try DurableStore<AgoraState>.open(directory: dir.data,
                                          options: StoreOptions(snapshotEverySeconds: 0, recoveryReadBytes: pieceBytes)) {
            AgoraState()
        }
    }

    @Test func everyPieceSizeLoadsExactlyTheWholeFileState() throws {
        let state = Fixture.recoveryState()
        #expect(state.events.count == 79 && state.registrations.count > 400, "the fixture holds what it claims")
        #expect(state.registrations.values.contains { $0.status == .waitlisted })
        #expect(state.registrations.values.contains { $0.isErased } && state.registrations.values.contains { $0.status == .cancelled })
        #expect(state.registrations.values.contains { $0.claim?.retryKey != nil })
        let (dir, snapshot) = try Self.directory(with: state)
        let whole = try Self.wholeFileState(snapshot)
        #expect(whole == state)
        for pieceBytes in [1, 7, 64, 1_000, 4_096, 65_536, 32 << 20] {
            // The streamed reader itself follows the store's snapshot (it does not hand it to the whole-file one).
            let file = try #require(try PosixFileSystem().openForReading(dir.file("snapshot.json")))
            let streamed = try SnapshotFile.load(file, fileSystem: PosixFileSystem(), path: file.path,
                                                 pieceBytes: pieceBytes, as: AgoraState.self)
            PosixFileSystem().close(file)
            #expect(streamed?.state == whole, "pieces of \(pieceBytes) bytes")
            #expect(streamed?.bytes == snapshot.count)
            let store = try Self.open(dir, pieceBytes: pieceBytes)
            #expect(store.state == whole, "pieces of \(pieceBytes) bytes")
            // The same text again: the same registrations in the same order, the same events and partners.
            #expect(try store.state.snapshotJSON() == whole.snapshotJSON(), "pieces of \(pieceBytes) bytes")
            #expect(store.recoveryWarnings.isEmpty)
            try store.close()
            #expect(try dir.read("snapshot.json") == snapshot, "written back byte for byte")
        }
    }

    @Test func aSnapshotWrittenByJSONEncoderLoadsAsBefore() throws {
        let state = Fixture.recoveryState(events: 70)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = Array(try encoder.encode(state))
        let header = #"{"format":1,"sequence":9,"bytes":\#(body.count),"crc":"\#(hex(crc32(body)))"}"#
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.data, withIntermediateDirectories: true)
        try dir.write("snapshot.json", Array(header.utf8) + [0x0A] + body)
        for pieceBytes in [5, 4_096, 32 << 20] {
            let store = try Self.open(dir, pieceBytes: pieceBytes)
            #expect(store.state == state)
            #expect(store.sequence == 9)
            try store.close()
            try dir.write("snapshot.json", Array(header.utf8) + [0x0A] + body)
        }
    }

    @Test func aDamagedSnapshotIsRefusedForWhatItIsWhereverThePiecesFall() throws {
        let (dir, snapshot) = try Self.directory(with: Fixture.recoveryState(events: 66))
        let bodyStart = try #require(snapshot.firstIndex(of: 0x0A)) + 1
        func reason(_ bytes: [UInt8], pieceBytes: Int) throws -> String? {
            try dir.write("snapshot.json", bytes)
            do {
                let store = try Self.open(dir, pieceBytes: pieceBytes)
                try store.close()
                return nil
            } catch StoreError.corruptSnapshot(_, let reason) {
                return reason
            }
        }
        for pieceBytes in [3, 512, 32 << 20] {
            for cut in [bodyStart, bodyStart + 1, bodyStart + 200, snapshot.count / 2, snapshot.count - 1] {
                #expect(try reason(Array(snapshot[..<cut]), pieceBytes: pieceBytes)?.contains("promises") == true, "cut at \(cut)")
            }
            #expect(try reason(snapshot + Array("{}".utf8), pieceBytes: pieceBytes)?.contains("promises") == true)
            for offset in [bodyStart + 3, snapshot.count / 3, snapshot.count - 2] {
                var flipped = snapshot
                flipped[offset] ^= 0x20
                #expect(try reason(flipped, pieceBytes: pieceBytes)?.contains("checksum mismatch") == true, "flipped at \(offset)")
            }
            #expect(try reason(Array(snapshot[..<(bodyStart - 1)]), pieceBytes: pieceBytes)?.contains("no header line") == true)
        }
        // Intact again: it loads.
        #expect(try reason(snapshot, pieceBytes: 512) == nil)
    }

    /// A body whose checksum holds but which the streamed reader does not follow goes to the whole-file reader, and
    /// its Codable fallback decides: here it refuses with the decoding error, as before.
    @Test func aBodyNoReaderFollowsIsRefusedWithCodablesError() throws {
        let body = Array(#"{"events":{},"partners":{},"registrationSequence":"one","registrations":{}}"#.utf8)
        let header = #"{"format":1,"sequence":1,"bytes":\#(body.count),"crc":"\#(hex(crc32(body)))"}"#
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.data, withIntermediateDirectories: true)
        try dir.write("snapshot.json", Array(header.utf8) + [0x0A] + body)
        #expect {
            try Self.open(dir, pieceBytes: 4)
        } throws: { error in
            guard case StoreError.corruptSnapshot(_, let reason) = error else { return false }
            return reason.contains("state does not decode") && reason.contains("registrationSequence")
        }
    }
}
