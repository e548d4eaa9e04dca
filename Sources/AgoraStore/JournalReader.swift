// Reads a journal for recovery. Only the LAST record may be damaged: a crash can tear the write that was
// in flight, and that write was never acknowledged (its fsync had not returned), so dropping it loses
// nothing promised. Damage anywhere earlier means the file was altered after being made durable; then
// recovery refuses, because replaying around a hole would silently start from a state nobody had.
import AgoraDomain
import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

enum JournalReader {
    /// What replaying a journal found besides its records.
    struct Scan: Sendable {
        /// Set when the last record was dropped: the journal must be rewritten before appending, or the
        /// next record would be glued onto the torn bytes.
        var droppedTail = false
        var warnings: [RecoveryWarning] = []
        /// The file's length in bytes, as read to its end.
        var bytes = 0
    }

    /// One checked and decoded record.
    struct Record<Command: Sendable>: Sendable {
        let offset: Int
        let sequence: UInt64
        let command: Command
    }

    /// A window being decoded on another thread; `group` says when `result` is set.
    final class PendingWindow<Command: Sendable>: Sendable {
        /// The window's records in chunks (file order), kept apart: joining them would copy every command.
        typealias Decoded = (records: Result<[[Record<Command>]], StoreError>, dropped: RecoveryWarning?)
        let group = DispatchGroup()
        let result = Mutex<Decoded?>(nil)
    }

    /// Lines checked and decoded per task: one JSONDecoder call per line costs more in setup than in parsing.
    static let decodeChunk = 2_048
    /// Bytes of lines per task, besides the count: about a chunk of registration records (470 bytes each), and a
    /// few dozen event records.
    static let decodeChunkBytes = 1 << 20
    /// Lines decoded before they are applied: bounds how many decoded commands exist at once, so replay
    /// needs memory for the state and the file, not for a second copy of every command. Small enough that
    /// a piece of the file holds many windows: decoding overlaps applying only from a piece's second
    /// window on.
    static let window = decodeChunk * 4

    /// A command reader tried before Codable (nil: use Codable).
    typealias FastDecode<Command> = @Sendable (_ bytes: [UInt8], _ range: Range<Int>) -> Command?

    /// Replays the journal in `file`, read a piece of about `pieceBytes` at a time (so recovery holds
    /// one piece beside the state, not the whole file), handing each record to `apply` in file order.
    /// The last complete line of each piece is held back for the next: only once the end of the file is
    /// reached is it known whether a line is the journal's last, the one a crash may have damaged. A
    /// last line without its newline is a torn write: dropped, with a warning.
    ///
    /// Specialised for the domain's commands (here and along the replay's per-record path: the decoding, the
    /// log's `records`, the store's `recover`): the store is generic over its state and compiled apart from the
    /// executable that picks AgoraState, so unspecialised every record went through value witnesses and metadata
    /// look-ups. The generic entry point checks the type and calls the specialised copy.
    @_specialize(where Command == AgoraDomain.Command)
    static func replay<Command: Decodable & Sendable>(
        _ file: OpenFile, fileSystem: any FileSystem, pieceBytes: Int, fastDecode: FastDecode<Command>?,
        apply: (Record<Command>) throws(StoreError) -> Void
    ) throws(StoreError) -> Scan {
        let path = file.path
        var scan = Scan()
        // One buffer for the whole file, reused piece after piece (fresh memory for every piece would be
        // faulted in and zeroed by the kernel each time): `buffer[..<filled]` holds the unreplayed bytes,
        // from file offset `base`. It grows only when a single line is longer than it.
        var buffer = [UInt8](repeating: 0, count: pieceBytes)
        var filled = 0
        var base = 0
        while true {
            var atEnd = false
            while filled < buffer.count {
                let start = filled
                let read: Result<Int, FileSystemError> = buffer.withUnsafeMutableBytes { bytes in
                    do throws(FileSystemError) {
                        return .success(try fileSystem.read(file, into: UnsafeMutableRawBufferPointer(rebasing: bytes[start...])))
                    } catch { return .failure(error) }
                }
                let count: Int
                do { count = try read.get() } catch { throw StoreError(error) }
                if count == 0 {
                    atEnd = true
                    break
                }
                filled += count
            }
            var lines = self.lines(of: buffer, upTo: filled)
            let tail = lines.last.map { $0.upperBound + 1 } ?? 0
            if atEnd {
                scan.bytes = base + filled
                if tail < filled {
                    scan.droppedTail = true
                    scan.warnings.append(RecoveryWarning(
                        "\(path): dropped torn last record at byte offset \(base + tail) "
                            + "(\(filled - tail) bytes without a newline; never acknowledged)",
                        metadata: ["path": "\(path)", "offset": "\(base + tail)", "reason": "torn last record"]))
                }
                let droppable = scan.droppedTail ? -1 : lines.count - 1
                if let dropped = try replayLines(lines, of: buffer, base: base, droppable: droppable, path: path,
                                            fastDecode: fastDecode, apply: apply) {
                    scan.droppedTail = true
                    scan.warnings.append(dropped)
                }
                return scan
            }
            let keptFrom = lines.popLast()?.lowerBound ?? 0
            guard keptFrom > 0 else {
                // Not one line ends in the buffer (or only the one held back): make room for more.
                buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count))
                continue
            }
            _ = try replayLines(lines, of: buffer, base: base, droppable: -1, path: path, fastDecode: fastDecode, apply: apply)
            buffer.withUnsafeMutableBytes { bytes in
                guard let start = bytes.baseAddress else { return }
                memmove(start, start + keptFrom, filled - keptFrom)
            }
            filled -= keptFrom
            base += keptFrom
        }
    }

    /// The newline-terminated lines of `bytes[..<count]`, without their newlines.
    private static func lines(of bytes: [UInt8], upTo count: Int) -> [Range<Int>] {
        var lines: [Range<Int>] = []
        bytes.withUnsafeBytes { buffer in
            guard let start = buffer.baseAddress else { return }
            var position = 0
            while position < count, let found = memchr(start + position, 0x0A, count - position) {
                let end = UnsafeRawPointer(found) - start
                lines.append(position..<end)
                position = end + 1
            }
        }
        return lines
    }
}
