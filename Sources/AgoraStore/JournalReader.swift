// Reads a journal for recovery. Only the LAST record may be damaged: a crash can tear the write that was
// in flight, and that write was never acknowledged (its fsync had not returned), so dropping it loses
// nothing promised. Damage anywhere earlier means the file was altered after being made durable; then
// recovery refuses, because replaying around a hole would silently start from a state nobody had.
import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

/// The records of a journal, located (newline-terminated lines) but not yet checked or decoded.
struct JournalScan: Sendable {
    /// Every newline-terminated line, without its newline, in file order.
    var lines: [Range<Int>] = []
    /// Set when the last record was dropped: the store must rewrite the journal before appending,
    /// or the next record would be glued onto the torn bytes.
    var droppedTail = false
    var warnings: [String] = []
}

/// One checked and decoded record.
struct ReplayedRecord<Command: Sendable>: Sendable {
    let offset: Int
    let sequence: UInt64
    let command: Command
}

enum JournalReader {
    /// Lines checked and decoded per task: one JSONDecoder call per line costs more in setup than in parsing.
    static let decodeChunk = 2_048
    /// Lines decoded before they are applied: bounds how many decoded commands exist at once, so replay
    /// needs memory for the state and the file, not for a second copy of every command.
    static let window = decodeChunk * 32

    /// A command reader tried before Codable (nil: use Codable).
    typealias FastDecode<Command> = @Sendable (_ bytes: [UInt8], _ range: Range<Int>) -> Command?

    /// Splits the journal into lines. A last line without its newline is a torn write: dropped, with a warning.
    static func scan(_ bytes: [UInt8], path: String) -> JournalScan {
        var scan = JournalScan()
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count {
                guard let found = memchr(base + start, 0x0A, buffer.count - start) else {
                    scan.droppedTail = true
                    scan.warnings.append("\(path): dropped torn last record at byte offset \(start) "
                        + "(\(buffer.count - start) bytes without a newline; never acknowledged)")
                    return
                }
                let end = UnsafeRawPointer(found) - base
                scan.lines.append(start..<end)
                start = end + 1
            }
        }
        return scan
    }

    /// Checks and decodes `scan.lines[range]` in chunks spread over all cores, returning the records in
    /// file order. A damaged LAST line of the journal is dropped (noted in `scan`); damage anywhere else
    /// throws, naming the offset.
    static func decode<Command: Decodable & Sendable>(
        _ range: Range<Int>, of scan: inout JournalScan, bytes: [UInt8], path: String,
        fastDecode: FastDecode<Command>?
    ) throws(StoreError) -> [ReplayedRecord<Command>] {
        let lines = scan.lines
        // The last line may be dropped as torn only if nothing follows it (not even a torn tail).
        let droppable = scan.droppedTail ? -1 : lines.count - 1
        let chunkCount = (range.count + decodeChunk - 1) / decodeChunk
        let decoded = Mutex([Int: Result<[ReplayedRecord<Command>], StoreError>]())
        let droppedLast = Mutex<String?>(nil)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunkIndex in
            let start = range.lowerBound + chunkIndex * decodeChunk
            var chunk = lines[start..<Swift.min(start + decodeChunk, range.upperBound)]
            if let (index, damage) = firstDamage(in: chunk, of: bytes) {
                guard index == droppable else {
                    let failure = StoreError.corruptJournal(path: path, offset: lines[index].lowerBound,
                                                            reason: damage + " (not the last record)")
                    decoded.withLock { $0[chunkIndex] = .failure(failure) }
                    return
                }
                // A crash tore the write in flight; it was never acknowledged (its fsync had not returned).
                droppedLast.withLock { $0 = "\(path): dropped damaged last record at byte offset \(lines[index].lowerBound): \(damage)" }
                chunk = chunk.dropLast()
            }
            let result = fastDecode.flatMap { decodeChunkFast(chunk, of: bytes, with: $0) }
                ?? decodeChunk(chunk, of: bytes, path: path, as: Command.self)
            decoded.withLock { $0[chunkIndex] = result }
        }
        var records: [ReplayedRecord<Command>] = []
        records.reserveCapacity(range.count)
        for chunkIndex in 0..<chunkCount {
            guard let result = decoded.withLock({ $0.removeValue(forKey: chunkIndex) }) else { continue }
            records.append(contentsOf: try result.get())
        }
        if let warning = droppedLast.withLock({ $0 }) {
            scan.droppedTail = true
            scan.warnings.append(warning)
        }
        return records
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

    /// Every line of the chunk through `fastDecode`, or nil as soon as one does not go (the chunk then
    /// goes through Codable, which also names the record to blame). The line's layout is our own
    /// (JournalRecord.encode) and its checksum held, so the fields are found by position:
    /// `{"crc":"…","seq":N,"time":"…","command":{…}}`.
    private static func decodeChunkFast<Command: Sendable>(
        _ chunk: ArraySlice<Range<Int>>, of bytes: [UInt8], with fastDecode: FastDecode<Command>
    ) -> Result<[ReplayedRecord<Command>], StoreError>? {
        var entries: [ReplayedRecord<Command>] = []
        entries.reserveCapacity(chunk.count)
        for line in chunk {
            guard let (sequence, command) = JournalRecord.fields(of: bytes, line: line),
                  let decoded = fastDecode(bytes, command) else { return nil }
            entries.append(.init(offset: line.lowerBound, sequence: sequence, command: decoded))
        }
        return .success(entries)
    }

    private static func decodeChunk<Command: Decodable & Sendable>(
        _ chunk: ArraySlice<Range<Int>>, of bytes: [UInt8], path: String, as: Command.Type
    ) -> Result<[ReplayedRecord<Command>], StoreError> {
        let decoder = JSONDecoder()
        var array = Data()
        array.reserveCapacity(chunk.reduce(2) { $0 + $1.count + 1 })
        array.append(UInt8(ascii: "["))
        for (index, line) in chunk.enumerated() {
            if index > 0 { array.append(UInt8(ascii: ",")) }
            array.append(contentsOf: bytes[line])
        }
        array.append(UInt8(ascii: "]"))
        if let entries = try? decoder.decode([JournalEntry<Command>].self, from: array) {
            return .success(zip(chunk, entries).map { line, entry in
                .init(offset: line.lowerBound, sequence: entry.seq, command: entry.command)
            })
        }
        // Find the record to blame: its checksum held, so our own writer produced it, and a record we
        // cannot read back (a newer format, a changed command) must stop recovery.
        var entries: [ReplayedRecord<Command>] = []
        for line in chunk {
            do {
                let entry = try decoder.decode(JournalEntry<Command>.self, from: Data(bytes[line]))
                entries.append(.init(offset: line.lowerBound, sequence: entry.seq, command: entry.command))
            } catch {
                return .failure(.corruptJournal(path: path, offset: line.lowerBound, reason: "cannot decode record: \(error)"))
            }
        }
        return .success(entries)
    }
}
