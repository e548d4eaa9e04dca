// A snapshot body that arrives in pieces from somewhere other than snapshot.json (PostgreSQL's
// agora_snapshot_pieces rows, read by AgoraPostgres), decoded as the pieces pass, as `SnapshotFile.load` decodes the
// file: each piece is dropped once its bytes are copied into the stream, so the body is never held whole beside the
// state it builds (the whole body, 436 MiB at a million registrations, made a new PostgreSQL instance peak at 1.1 GiB).
// The checks are the file's, in the same order: the length first, so a missing or cut piece is reported as that and
// not as the puzzling decoding error it causes, then the decoding. There is no checksum: the rows hold none.

/// What decoding a snapshot body from its pieces gave.
public enum StreamedSnapshotBody<State: JournaledState> {
    /// The state the body holds.
    case decoded(State)
    /// `State` does not decode as it streams, or its reader does not follow this body's form: the caller decodes
    /// the whole body instead (`init(snapshotJSON:range:)`), which decides.
    case declined
    /// The pieces do not hold the promised bytes, or the state does not decode: why.
    case refused(reason: String)

    /// Decodes the body of `promisedBytes` bytes that `nextPiece` hands over in order (nil after the last), pulled
    /// about `readBytes` at a time. Throws only what `nextPiece` threw; it is not called again after that, nor
    /// after it returned nil. `.declined` without calling it when `State` does not stream.
    public static func decode<Failure: Error>(
        promisedBytes: Int, readBytes: Int, nextPiece: () throws(Failure) -> [UInt8]?
    ) throws(Failure) -> StreamedSnapshotBody {
        guard let streamed = State.self as? any StreamedSnapshotState.Type, promisedBytes >= 0 else { return .declined }
        return try withoutActuallyEscaping(nextPiece) { nextPiece throws(Failure) -> StreamedSnapshotBody in
            let source = PieceSource(nextPiece)
            var body = SnapshotBodyStream(promised: promisedBytes, initial: [], pieceBytes: Swift.max(1, readBytes),
                                          checksummed: false) { buffer throws(StoreError) in try source.read(into: buffer) }
            let decoded: Result<(any StreamedSnapshotState)?, any Error>
            do { decoded = .success(try streamed.decodeSnapshot(streaming: &body)) } catch { decoded = .failure(error) }
            let drained: Result<Void, StoreError>
            do throws(StoreError) { drained = .success(try body.drain()) } catch { drained = .failure(error) }
            // Whatever the decoder made of a body cut short by a failed fetch, the failure is the answer.
            if let failure = source.failure { throw failure }
            if case .failure(let error) = drained { return .refused(reason: "\(error)") }
            let held = body.delivered + body.extra
            guard held == promisedBytes else {
                return .refused(reason: "its pieces hold \(held) bytes where \(promisedBytes) were promised")
            }
            switch decoded {
            case .success(let state?):
                guard let state = state as? State else { return .declined }
                return .decoded(state)
            case .success(nil):
                return .declined
            case .failure(let error):
                return .refused(reason: "\(error)")
            }
        }
    }
}

/// The bytes of the pieces `next` hands over, one piece held at a time, as a `SnapshotBodyStream` reads them.
private final class PieceSource<Failure: Error> {
    private let next: () throws(Failure) -> [UInt8]?
    private var piece: [UInt8] = []
    private var offset = 0
    private var ended = false
    /// What `next` threw; the stream sees a StoreError standing for it, which `decode` never lets out.
    private(set) var failure: Failure?

    init(_ next: @escaping () throws(Failure) -> [UInt8]?) { self.next = next }

    /// Fills `buffer` with the next bytes, fetching pieces until it is full or there are none left (a read the
    /// size the stream asks for, as a file read is): how many were copied, 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(StoreError) -> Int {
        var copied = 0
        while copied < buffer.count {
            if offset == piece.count {
                guard !ended else { break }
                piece = []  // dropped before the next is fetched: one piece at a time
                offset = 0
                do throws(Failure) {
                    guard let fetched = try next() else {
                        ended = true
                        break
                    }
                    piece = fetched
                } catch {
                    failure = error
                    ended = true
                    throw .database(operation: "read the snapshot's pieces", reason: "\(error)")
                }
                continue
            }
            let count = Swift.min(buffer.count - copied, piece.count - offset)
            piece.withUnsafeBytes { bytes in
                guard let from = bytes.baseAddress, let to = buffer.baseAddress else { return }
                (to + copied).copyMemory(from: from + offset, byteCount: count)
            }
            copied += count
            offset += count
        }
        return copied
    }
}
