// The body of a snapshot (the state JSON) read a piece at a time, so a state that decodes itself as it goes
// (`StreamedSnapshotState`) holds one piece beside the state it builds, not the whole body: a million registrations
// are a 436 MiB body beside a 300 MiB state. The bytes come from a source the stream pulls from: snapshot.json after
// its header line (`SnapshotFile.load`), or PostgreSQL's agora_snapshot_pieces rows (`StreamedSnapshotBody`). The
// checksum (when the source has one to check) and the length the source promises are computed over the bytes as
// they pass; the loader checks them before the decoded state is used.
import Glibc

struct SnapshotBodyStream: ~Copyable {
    /// `buffer[start..<filled]` holds the body bytes read and not yet consumed, from body offset `base + start`.
    private(set) var buffer: [UInt8]
    private(set) var start: Int
    private(set) var filled: Int
    /// The body offset of `buffer[0]`.
    private(set) var base = 0
    /// Body bytes read so far (never more than `promised`).
    private(set) var delivered: Int
    /// What the source says the body holds (snapshot.json's header, agora_snapshots.bytes).
    let promised: Int
    /// The size of a read (StoreOptions.recoveryReadBytes, or PostgresCommandLog.snapshotReadBytes): readers size
    /// their own batches by it.
    let pieceBytes: Int
    /// CRC-32 of the `delivered` bytes (0 when the stream was made without `checksummed`).
    private(set) var crc: UInt32
    /// Whether `crc` is computed: snapshot.json's header holds a checksum; PostgreSQL's rows hold none to check.
    private let checksummed: Bool
    /// Set once the source has no more bytes, even if fewer than `promised` were delivered (a truncated body).
    private(set) var sourceEnded = false
    /// Fills a buffer's start with the next bytes of the source, returning how many (0 at its end).
    private let read: (UnsafeMutableRawBufferPointer) throws(StoreError) -> Int

    /// A stream over `file`, whose body starts with `initial` (bytes already read past the header line).
    init(file: OpenFile, fileSystem: any FileSystem, promised: Int, initial: ArraySlice<UInt8>, pieceBytes: Int) {
        self.init(promised: promised, initial: initial, pieceBytes: pieceBytes, checksummed: true) { buffer throws(StoreError) in
            do throws(FileSystemError) { return try fileSystem.read(file, into: buffer) } catch { throw StoreError(error) }
        }
    }

    /// A stream over the bytes `read` hands over (after `initial`), of which `promised` are the body.
    init(promised: Int, initial: ArraySlice<UInt8>, pieceBytes: Int, checksummed: Bool,
         read: @escaping (UnsafeMutableRawBufferPointer) throws(StoreError) -> Int) {
        self.read = read
        self.checksummed = checksummed
        self.promised = promised
        self.pieceBytes = pieceBytes
        let kept = initial.prefix(promised)
        var buffer = [UInt8](repeating: 0, count: Swift.max(pieceBytes, kept.count, 1))
        buffer.withUnsafeMutableBufferPointer { target in
            kept.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                to.update(from: from, count: source.count)
            }
        }
        self.buffer = buffer
        self.start = 0
        self.filled = kept.count
        self.delivered = kept.count
        self.crc = checksummed ? kept.withUnsafeBytes { CRC32.checksum($0) } : 0
        // Bytes past the promised length were read already: the source holds more than it promises.
        self.extra = initial.count - kept.count
    }

    /// Bytes found past `promised` (a file longer than its header says, rows longer than their total).
    private(set) var extra: Int

    /// Every promised byte has been delivered, or the source ended before.
    var exhausted: Bool { delivered == promised || sourceEnded }

    /// The bytes before `position` (an index into `buffer`) are decoded: `readMore` may drop them.
    mutating func consume(upTo position: Int) {
        precondition(position >= start && position <= filled, "consumed beyond what was read")
        start = position
    }

    /// Moves the unconsumed bytes to the front and reads more after them (growing the buffer when the unconsumed
    /// bytes fill it: a single value longer than a piece). False when nothing more was read: the body is exhausted.
    /// Indexes into `buffer` from before the call are invalid after it: the caller starts again from `start`.
    mutating func readMore() throws(StoreError) -> Bool {
        guard !exhausted else { return false }
        if start > 0 {
            let keep = filled - start
            let from = start
            buffer.withUnsafeMutableBytes { bytes in
                guard let origin = bytes.baseAddress else { return }
                memmove(origin, origin + from, keep)
            }
            base += start
            filled = keep
            start = 0
        }
        if filled == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        let wanted = Swift.min(buffer.count - filled, promised - delivered)
        let at = filled
        let read = self.read
        let outcome: Result<Int, StoreError> = buffer.withUnsafeMutableBytes { bytes in
            do throws(StoreError) {
                return .success(try read(UnsafeMutableRawBufferPointer(rebasing: bytes[at..<(at + wanted)])))
            } catch { return .failure(error) }
        }
        let count = try outcome.get()
        if count == 0 {
            sourceEnded = true
            return false
        }
        if checksummed {
            crc = buffer.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[at..<(at + count)]), continuing: crc) }
        }
        filled += count
        delivered += count
        return true
    }

    /// Reads to the end of the body and of the source (checksumming the body, counting what lies past it), for the
    /// checks the loader makes when decoding ended early or is done. Drops what the buffer holds.
    mutating func drain() throws(StoreError) {
        start = filled
        while try readMore() { start = filled }
        guard !sourceEnded else { return }
        // Every promised byte came: is there more?
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let read = self.read
        while true {
            let outcome: Result<Int, StoreError> = chunk.withUnsafeMutableBytes { bytes in
                do throws(StoreError) { return .success(try read(bytes)) } catch { return .failure(error) }
            }
            let count = try outcome.get()
            if count == 0 { break }
            extra += count
        }
        sourceEnded = true
    }
}
