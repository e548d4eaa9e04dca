// Reads a journal for recovery. Only the LAST record may be damaged: a crash can tear the write that was
// in flight, and that write was never acknowledged (its fsync had not returned), so dropping it loses
// nothing promised. Damage anywhere earlier means the file was altered after being made durable; then
// recovery refuses, because replaying around a hole would silently start from a state nobody had.
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
                if tail < filled {
                    scan.droppedTail = true
                    scan.warnings.append(RecoveryWarning(
                        "\(path): dropped torn last record at byte offset \(base + tail) "
                            + "(\(filled - tail) bytes without a newline; never acknowledged)",
                        metadata: ["path": "\(path)", "offset": "\(base + tail)", "reason": "torn last record"]))
                }
                let droppable = scan.droppedTail ? -1 : lines.count - 1
                if let dropped = try replay(lines, of: buffer, base: base, droppable: droppable, path: path,
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
            _ = try replay(lines, of: buffer, base: base, droppable: -1, path: path, fastDecode: fastDecode, apply: apply)
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

    /// Decodes `lines` (of `bytes`, which starts at file offset `base`) a window at a time and hands
    /// each record to `apply` in order. The next window is decoded (on the other cores) while `apply`
    /// works through this one, so replay costs about the larger of the two, not their sum. Returns the
    /// warning for a dropped damaged line at `droppable`, if it was.
    private static func replay<Command: Decodable & Sendable>(
        _ lines: [Range<Int>], of bytes: [UInt8], base: Int, droppable: Int, path: String,
        fastDecode: FastDecode<Command>?, apply: (Record<Command>) throws(StoreError) -> Void
    ) throws(StoreError) -> RecoveryWarning? {
        let windows = stride(from: 0, to: lines.count, by: window).map { $0..<Swift.min($0 + window, lines.count) }
        var dropped: RecoveryWarning?
        // A queue of its own, not a global one: the caller blocks until the window is decoded, and the
        // global queues are width-limited (and run Swift concurrency's tasks on Linux), so a caller on one
        // of their threads could wait for a block that never gets a thread. A serial queue overcommits.
        let decoder = DispatchQueue(label: "agora.store.replay", qos: .userInitiated)
        func start(_ index: Int) -> PendingWindow<Command> {
            let pending = PendingWindow<Command>()
            decoder.async(group: pending.group) {
                let decoded = decode(windows[index], of: lines, bytes: bytes, base: base, path: path,
                                     droppable: droppable, fastDecode: fastDecode)
                pending.result.withLock { $0 = decoded }
            }
            return pending
        }
        var next = windows.isEmpty ? nil : start(0)
        for index in windows.indices {
            guard let pending = next else { break }
            pending.group.wait()
            next = index + 1 < windows.count ? start(index + 1) : nil
            guard let decoded = pending.result.withLock({ $0.take() }) else { continue }
            if let warning = decoded.dropped { dropped = warning }
            let records: [[Record<Command>]]
            do { records = try decoded.records.get() } catch {
                next?.group.wait()  // the decoding under way ends before replay gives up
                throw error
            }
            for chunk in records {
                for index in chunk.indices {
                    do { try apply(chunk[index]) } catch {
                        next?.group.wait()
                        throw error
                    }
                }
            }
            // Freeing a window's commands (several strings each) is left to another thread: it is
            // work replay, which applies in order on this one, need not wait for.
            DispatchQueue.global(qos: .utility).async { withExtendedLifetime(records) {} }
        }
        return dropped
    }

    /// Checks and decodes `lines[range]` in chunks spread over all cores, returning the records in file
    /// order. The line at `droppable` (the journal's last) may be damaged: it is left out, with the
    /// warning returned; damage anywhere else is a failure naming the offset.
    private static func decode<Command: Decodable & Sendable>(
        _ range: Range<Int>, of lines: [Range<Int>], bytes: [UInt8], base: Int, path: String, droppable: Int,
        fastDecode: FastDecode<Command>?
    ) -> PendingWindow<Command>.Decoded {
        let chunkCount = (range.count + decodeChunk - 1) / decodeChunk
        let decoded = Mutex([Int: Result<[Record<Command>], StoreError>]())
        let droppedLast = Mutex<RecoveryWarning?>(nil)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunkIndex in
            let start = range.lowerBound + chunkIndex * decodeChunk
            var chunk = lines[start..<Swift.min(start + decodeChunk, range.upperBound)]
            if let (index, damage) = firstDamage(in: chunk, of: bytes) {
                guard index == droppable else {
                    let failure = StoreError.corruptJournal(path: path, offset: base + lines[index].lowerBound,
                                                            reason: damage + " (not the last record)")
                    decoded.withLock { $0[chunkIndex] = .failure(failure) }
                    return
                }
                // A crash tore the write in flight; it was never acknowledged (its fsync had not returned).
                let offset = base + lines[index].lowerBound
                let warning = RecoveryWarning("\(path): dropped damaged last record at byte offset \(offset): \(damage)",
                                              metadata: ["path": "\(path)", "offset": "\(offset)", "reason": "\(damage)"])
                droppedLast.withLock { $0 = warning }
                chunk = chunk.dropLast()
            }
            let result = decodeChunk(chunk, of: bytes, base: base, path: path, fastDecode: fastDecode)
            decoded.withLock { $0[chunkIndex] = result }
        }
        var records: [[Record<Command>]] = []
        for chunkIndex in 0..<chunkCount {
            guard let result = decoded.withLock({ $0.removeValue(forKey: chunkIndex) }) else { continue }
            switch result {
            case .success(let chunk): records.append(chunk)
            case .failure(let error): return (.failure(error), droppedLast.withLock { $0 })
            }
        }
        return (.success(records), droppedLast.withLock { $0 })
    }

    /// The first line of `chunk` whose checksum or layout does not hold, with the reason.
    private static func firstDamage(in chunk: ArraySlice<Range<Int>>, of bytes: [UInt8]) -> (Int, String)? {
        bytes.withUnsafeBytes { buffer in
            for index in chunk.indices {
                if let damage = JournalRecord.damage(of: UnsafeRawBufferPointer(rebasing: buffer[chunk[index]])) {
                    return (index, damage)
                }
            }
            return nil
        }
    }

    /// Every line of the chunk through `fastDecode` where it goes, the others through Codable (which
    /// also names the record to blame). The line's layout is our own (JournalRecord.encode) and its
    /// checksum held, so the fields are found by position: `{"crc":"…","seq":N,"time":"…","command":{…}}`.
    private static func decodeChunk<Command: Decodable & Sendable>(
        _ chunk: ArraySlice<Range<Int>>, of bytes: [UInt8], base: Int, path: String, fastDecode: FastDecode<Command>?
    ) -> Result<[Record<Command>], StoreError> {
        var records: [Record<Command>] = []
        records.reserveCapacity(chunk.count)
        var slow: [(position: Int, line: Range<Int>)] = []
        for (position, line) in chunk.enumerated() {
            if let fastDecode, let (sequence, command) = JournalRecord.fields(of: bytes, line: line),
               let decoded = fastDecode(bytes, command) {
                records.append(.init(offset: base + line.lowerBound, sequence: sequence, command: decoded))
            } else {
                slow.append((position, line))
            }
        }
        if !slow.isEmpty {
            switch decodeWithCodable(slow.map(\.line), of: bytes, base: base, path: path, as: Command.self) {
            case .success(let decoded):
                // In ascending order, each lands at its final position.
                for (entry, record) in zip(slow, decoded) { records.insert(record, at: entry.position) }
            case .failure(let error): return .failure(error)
            }
        }
        return .success(records)
    }

    private static func decodeWithCodable<Command: Decodable & Sendable>(
        _ lines: [Range<Int>], of bytes: [UInt8], base: Int, path: String, as: Command.Type
    ) -> Result<[Record<Command>], StoreError> {
        let decoder = JSONDecoder()
        var array = Data()
        array.reserveCapacity(lines.reduce(2) { $0 + $1.count + 1 })
        array.append(UInt8(ascii: "["))
        for (index, line) in lines.enumerated() {
            if index > 0 { array.append(UInt8(ascii: ",")) }
            array.append(contentsOf: bytes[line])
        }
        array.append(UInt8(ascii: "]"))
        if let entries = try? decoder.decode([JournalRecord.Entry<Command>].self, from: array) {
            return .success(zip(lines, entries).map { line, entry in
                .init(offset: base + line.lowerBound, sequence: entry.seq, command: entry.command)
            })
        }
        // Find the record to blame: its checksum held, so our own writer produced it, and a record we
        // cannot read back (a newer format, a changed command) must stop recovery.
        var entries: [Record<Command>] = []
        for line in lines {
            do {
                let entry = try decoder.decode(JournalRecord.Entry<Command>.self, from: Data(bytes[line]))
                entries.append(.init(offset: base + line.lowerBound, sequence: entry.seq, command: entry.command))
            } catch {
                return .failure(.corruptJournal(path: path, offset: base + line.lowerBound, reason: "cannot decode record: \(error)"))
            }
        }
        return .success(entries)
    }
}
