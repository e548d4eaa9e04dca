// Decoding for JournalReader.replay: windows of lines checked and decoded on every core while the previous
// window is applied, the fast command reader first and Codable for the rest.
import AgoraDomain
import Dispatch
import FoundationEssentials
import Synchronization

extension JournalReader {
    /// Decodes `lines` (of `bytes`, which starts at file offset `base`) a window at a time and hands
    /// each record to `apply` in order. The next window is decoded (on the other cores) while `apply`
    /// works through this one, so replay costs about the larger of the two, not their sum. Returns the
    /// warning for a dropped damaged line at `droppable`, if it was.
    @_specialize(where Command == AgoraDomain.Command)
    static func replayLines<Command: Decodable & Sendable>(
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
    @_specialize(where Command == AgoraDomain.Command)
    private static func decode<Command: Decodable & Sendable>(
        _ range: Range<Int>, of lines: [Range<Int>], bytes: [UInt8], base: Int, path: String, droppable: Int,
        fastDecode: FastDecode<Command>?
    ) -> PendingWindow<Command>.Decoded {
        let chunks = self.chunks(range, of: lines)
        let chunkCount = chunks.count
        let decoded = Mutex([Int: Result<[Record<Command>], StoreError>]())
        let droppedLast = Mutex<RecoveryWarning?>(nil)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunkIndex in
            var chunk = lines[chunks[chunkIndex]]
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

    /// `range` (of `lines`) cut into consecutive chunks of at most `decodeChunk` lines and, past their first line,
    /// `decodeChunkBytes` bytes. By count alone the 1 000 event records that open a large journal (tens of KiB
    /// each, read by Codable) all fell to the first chunk: one core decoded them while the other waited.
    static func chunks(_ range: Range<Int>, of lines: [Range<Int>]) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var start = range.lowerBound
        var bytes = 0
        for index in range {
            if index > start, index - start == decodeChunk || bytes + lines[index].count > decodeChunkBytes {
                chunks.append(start..<index)
                start = index
                bytes = 0
            }
            bytes += lines[index].count
        }
        if start < range.upperBound { chunks.append(start..<range.upperBound) }
        return chunks
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
    @_specialize(where Command == AgoraDomain.Command)
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
