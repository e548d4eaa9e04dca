// The body of snapshot.json (the state JSON after the header line) read a piece at a time, so a state that decodes
// itself as it goes (`StreamedSnapshotState`) holds one piece beside the state it builds, not the whole file: a
// million registrations are a 436 MiB file beside a 300 MiB state. The checksum and the length the header promises
// are computed over the bytes as they pass; `SnapshotFile.load` checks them before the decoded state is used.
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
    /// What the header says the body holds.
    let promised: Int
    /// The size of a read (StoreOptions.recoveryReadBytes): readers size their own batches by it.
    let pieceBytes: Int
    /// CRC-32 of the `delivered` bytes.
    private(set) var crc: UInt32
    /// Set once the file has no more bytes, even if fewer than `promised` were delivered (a truncated file).
    private(set) var fileEnded = false
    private let file: OpenFile
    private let fileSystem: any FileSystem

    /// A stream over `file`, whose body starts with `initial` (bytes already read past the header line).
    init(file: OpenFile, fileSystem: any FileSystem, promised: Int, initial: ArraySlice<UInt8>, pieceBytes: Int) {
        self.file = file
        self.fileSystem = fileSystem
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
        self.crc = kept.withUnsafeBytes { CRC32.checksum($0) }
        // Bytes past the promised length were read already: the file is longer than the header says.
        self.extra = initial.count - kept.count
    }

    /// Bytes found past `promised` (a file longer than its header says).
    private(set) var extra: Int

    /// Every promised byte has been delivered, or the file ended before.
    var exhausted: Bool { delivered == promised || fileEnded }

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
        let read: Result<Int, FileSystemError> = buffer.withUnsafeMutableBytes { bytes in
            do throws(FileSystemError) {
                return .success(try fileSystem.read(file, into: UnsafeMutableRawBufferPointer(rebasing: bytes[at..<(at + wanted)])))
            } catch { return .failure(error) }
        }
        let count: Int
        do { count = try read.get() } catch { throw StoreError(error) }
        if count == 0 {
            fileEnded = true
            return false
        }
        crc = buffer.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[at..<(at + count)]), continuing: crc) }
        filled += count
        delivered += count
        return true
    }

    /// Reads to the end of the body and of the file (checksumming the body, counting what lies past it), for the
    /// checks `SnapshotFile.load` makes when decoding ended early or is done. Drops what the buffer holds.
    mutating func drain() throws(StoreError) {
        start = filled
        while try readMore() { start = filled }
        guard !fileEnded else { return }
        // Every promised byte came: is there more?
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read: Result<Int, FileSystemError> = chunk.withUnsafeMutableBytes { bytes in
                do throws(FileSystemError) { return .success(try fileSystem.read(file, into: bytes)) } catch {
                    return .failure(error)
                }
            }
            let count: Int
            do { count = try read.get() } catch { throw StoreError(error) }
            if count == 0 { break }
            extra += count
        }
        fileEnded = true
    }
}
