// Reads a journal for recovery. Only the LAST record may be damaged: a crash can tear the write that was
// in flight, and that write was never acknowledged (its fsync had not returned), so dropping it loses
// nothing promised. Damage anywhere earlier means the file was altered after being made durable; then
// recovery refuses, because replaying around a hole would silently start from a state nobody had.
import Dispatch
import FoundationEssentials
import Glibc
import Synchronization

struct JournalScan<Command: Sendable> {
    struct Replayable: Sendable {
        let offset: Int
        let sequence: UInt64
        let command: Command
    }

    var entries: [Replayable] = []
    /// Set when the last record was dropped: the store must rewrite the journal before appending,
    /// or the next record would be glued onto the torn bytes.
    var droppedTail = false
    var warnings: [String] = []
}

enum JournalReader {
    /// Lines decoded per JSONDecoder call: one call per line costs more in setup than in parsing.
    static let decodeChunk = 2_048

    /// A command reader tried before Codable (nil: use Codable).
    typealias FastDecode<Command> = @Sendable (_ bytes: [UInt8], _ range: Range<Int>) -> Command?

    static func scan<Command: Decodable & Sendable>(
        _ bytes: [UInt8], path: String, fastDecode: FastDecode<Command>? = nil
    ) throws(StoreError) -> JournalScan<Command> {
        var scan = JournalScan<Command>()
        var lines: [Range<Int>] = []
        let failure: StoreError? = bytes.withUnsafeBytes { buffer -> StoreError? in
            var start = 0
            while start < buffer.count {
                guard let base = buffer.baseAddress else { return nil }
                guard let found = memchr(base + start, 0x0A, buffer.count - start) else {
                    scan.droppedTail = true
                    scan.warnings.append("\(path): dropped torn last record at byte offset \(start) "
                        + "(\(buffer.count - start) bytes without a newline; never acknowledged)")
                    return nil
                }
                let end = UnsafeRawPointer(found) - base
                if let damage = JournalRecord.damage(of: UnsafeRawBufferPointer(rebasing: buffer[start..<end])) {
                    guard end + 1 == buffer.count else {
                        return .corruptJournal(path: path, offset: start, reason: damage + " (not the last record)")
                    }
                    scan.droppedTail = true
                    scan.warnings.append("\(path): dropped damaged last record at byte offset \(start): \(damage)")
                    return nil
                }
                lines.append(start..<end)
                start = end + 1
            }
            return nil
        }
        if let failure { throw failure }
        try decode(lines, of: bytes, path: path, fastDecode: fastDecode, into: &scan)
        return scan
    }

    /// Decodes the verified lines in chunks spread over all cores (recovery time is mostly JSON
    /// decoding), then appends them in file order.
    private static func decode<Command: Decodable & Sendable>(
        _ lines: [Range<Int>], of bytes: [UInt8], path: String, fastDecode: FastDecode<Command>?,
        into scan: inout JournalScan<Command>
    ) throws(StoreError) {
        typealias Replayable = JournalScan<Command>.Replayable
        let chunkCount = (lines.count + decodeChunk - 1) / decodeChunk
        let decoded = Mutex([Int: Result<[Replayable], StoreError>]())
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunkIndex in
            let chunk = lines[(chunkIndex * decodeChunk)..<min((chunkIndex + 1) * decodeChunk, lines.count)]
            let result = fastDecode.flatMap { decodeChunkFast(chunk, of: bytes, with: $0) }
                ?? decodeChunk(chunk, of: bytes, path: path, as: Command.self)
            decoded.withLock { $0[chunkIndex] = result }
        }
        scan.entries.reserveCapacity(lines.count)
        for chunkIndex in 0..<chunkCount {
            guard let result = decoded.withLock({ $0.removeValue(forKey: chunkIndex) }) else { continue }
            scan.entries.append(contentsOf: try result.get())
        }
    }

    /// Every line of the chunk through `fastDecode`, or nil as soon as one does not go (the chunk then
    /// goes through Codable, which also names the record to blame). The line's layout is our own
    /// (JournalRecord.encode) and its checksum held, so the fields are found by position:
    /// `{"crc":"…","seq":N,"time":"…","command":{…}}`.
    private static func decodeChunkFast<Command: Sendable>(
        _ chunk: ArraySlice<Range<Int>>, of bytes: [UInt8], with fastDecode: FastDecode<Command>
    ) -> Result<[JournalScan<Command>.Replayable], StoreError>? {
        var entries: [JournalScan<Command>.Replayable] = []
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
    ) -> Result<[JournalScan<Command>.Replayable], StoreError> {
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
        var entries: [JournalScan<Command>.Replayable] = []
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
