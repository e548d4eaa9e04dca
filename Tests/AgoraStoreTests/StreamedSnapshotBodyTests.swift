import AgoraDomain
import AgoraDomainTesting
import AgoraStore
import Testing

/// Issue 15's start-up: a snapshot body handed over in pieces by something other than snapshot.json (PostgreSQL's
/// rows) decodes as it passes, to exactly the state the whole-body reader gives, whatever the pieces and the reads;
/// pieces that do not add up to the promised length are refused for that, and a failing source's error is the answer.
@Suite struct StreamedSnapshotBodyTests {
    /// The body split into pieces of `pieceBytes`, handed over one at a time; counts how many were asked for.
    private final class Pieces {
        private let body: [UInt8]
        private let pieceBytes: Int
        private var offset = 0
        private(set) var asked = 0

        init(_ body: [UInt8], pieceBytes: Int) {
            self.body = body
            self.pieceBytes = pieceBytes
        }

        func next() -> [UInt8]? {
            asked += 1
            guard offset < body.count else { return nil }
            defer { offset += pieceBytes }
            return Array(body[offset..<min(body.count, offset + pieceBytes)])
        }
    }

    private static func decode<State: JournaledState>(_ body: [UInt8], promised: Int? = nil, pieceBytes: Int,
                                                      readBytes: Int, as: State.Type = AgoraState.self) -> StreamedSnapshotBody<State> {
        let pieces = Pieces(body, pieceBytes: pieceBytes)
        return StreamedSnapshotBody<State>.decode(promisedBytes: promised ?? body.count, readBytes: readBytes) { pieces.next() }
    }

    @Test func everyPieceAndReadSizeDecodesExactlyTheWholeBodyState() throws {
        let state = Fixture.recoveryState()
        let body = Array(try state.snapshotJSONPieces().joined())
        #expect(try AgoraState(snapshotJSON: body, range: 0..<body.count) == state, "the whole-body reader agrees")
        // One byte at a time (pieces and reads), reads cutting pieces and pieces cutting reads, one piece for all.
        let sizes = [(1, 1), (1, 4_096), (7, 64), (1_000, 7), (4_096, 4_096), (65_536, 32 << 20), (body.count, 32 << 20)]
        for (pieceBytes, readBytes) in sizes {
            guard case .decoded(let decoded) = Self.decode(body, pieceBytes: pieceBytes, readBytes: readBytes) else {
                Issue.record("pieces of \(pieceBytes), reads of \(readBytes): not decoded")
                continue
            }
            #expect(decoded == state, "pieces of \(pieceBytes), reads of \(readBytes)")
            #expect(try decoded.snapshotJSON() == body, "the same text again: pieces of \(pieceBytes), reads of \(readBytes)")
        }
    }

    @Test func piecesThatDoNotAddUpToThePromiseAreRefusedForThat() throws {
        let body = Array(try Fixture.recoveryState(events: 12).snapshotJSONPieces().joined())
        func reason(_ pieces: [UInt8], promised: Int, pieceBytes: Int) -> String? {
            guard case .refused(let reason) = Self.decode(pieces, promised: promised, pieceBytes: pieceBytes,
                                                          readBytes: 512) else { return nil }
            return reason
        }
        for pieceBytes in [3, 1_000, body.count] {
            // Cut anywhere (a piece missing at the end, or shorter), or longer than promised.
            for cut in [0, 1, body.count / 2, body.count - 1] {
                #expect(reason(Array(body[..<cut]), promised: body.count, pieceBytes: pieceBytes)?
                    .contains("its pieces hold \(cut) bytes where \(body.count) were promised") == true, "cut at \(cut)")
            }
            #expect(reason(body + Array(" ".utf8), promised: body.count, pieceBytes: pieceBytes)?
                .contains("hold \(body.count + 1) bytes") == true)
            // A piece missing in the middle: the rest follows on, still short.
            let gap = Array(body[..<(body.count / 3)] + body[(body.count / 3 + 100)...])
            #expect(reason(gap, promised: body.count, pieceBytes: pieceBytes)?.contains("were promised") == true)
        }
    }

    @Test func eventsThatDoNotDecodeAreRefusedWithCodablesError() {
        let body = Array(#"{"events":{"e":{"id":1}},"partners":{},"registrationSequence":0,"registrations":{}}"#.utf8)
        guard case .refused(let reason) = Self.decode(body, pieceBytes: 5, readBytes: 8) else {
            Issue.record("an event that does not decode must be refused")
            return
        }
        #expect(!reason.contains("promised"), "the length holds: the decoding is what fails")
    }

    @Test func aStateThatDoesNotStreamIsDeclinedWithoutAPieceRead() {
        let pieces = Pieces(Array(#"{"entries":{}}"#.utf8), pieceBytes: 4)
        let decoded = StreamedSnapshotBody<Ledger>.decode(promisedBytes: 14, readBytes: 8) { pieces.next() }
        guard case .declined = decoded else {
            Issue.record("a state that does not stream is left to the whole-body reader, got \(decoded)")
            return
        }
        #expect(pieces.asked == 0)
    }

    @Test func aFailingSourceIsTheAnswerAndIsNotAskedAgain() throws {
        struct Unreachable: Error, Equatable {}
        let body = Array(try Fixture.recoveryState(events: 12).snapshotJSONPieces().joined())
        var asked = 0
        #expect(throws: Unreachable()) {
            try StreamedSnapshotBody<AgoraState>.decode(promisedBytes: body.count, readBytes: 64) { () throws(Unreachable) -> [UInt8]? in
                asked += 1
                guard asked < 4 else { throw Unreachable() }
                return Array(body[((asked - 1) * 100)..<(asked * 100)])
            }
        }
        #expect(asked == 4)
    }
}
