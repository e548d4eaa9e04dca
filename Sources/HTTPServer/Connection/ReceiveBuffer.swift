/// A connection's query buffer (Redis's `querybuf`): bytes received but not yet consumed, from `start` to `end`.
/// The unfinished message always begins at `start`, which is what the incremental parser expects; space is reclaimed
/// by moving the unread tail to the front only when the buffer runs out of room.
struct ReceiveBuffer {
    private(set) var storage: [UInt8]
    private(set) var start = 0
    private(set) var end = 0

    init(capacity: Int) {
        storage = [UInt8](repeating: 0, count: capacity)
    }

    var readableCount: Int { end - start }
    var isEmpty: Bool { start == end }
    var capacity: Int { storage.count }

    /// Makes room for at least `minimum` more bytes, compacting first and growing up to `limit`.
    /// Returns false when the buffer is full at its limit (the caller stops reading: back-pressure).
    mutating func reserve(minimum: Int, limit: Int) -> Bool {
        if storage.count - end >= minimum { return true }
        if start > 0 {
            let count = end - start
            storage.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                base.copyMemory(from: base + start, byteCount: count)
            }
            start = 0
            end = count
            if storage.count - end >= minimum { return true }
        }
        guard storage.count < limit else { return storage.count - end > 0 }
        let grown = min(max(storage.count * 2, end + minimum), limit)
        storage.append(contentsOf: repeatElement(0, count: grown - storage.count))
        return storage.count - end > 0
    }

    /// Calls `body` with the free space; `body` returns how many bytes it wrote there.
    mutating func fill(_ body: (UnsafeMutableRawBufferPointer) -> Int) -> Int {
        let end = self.end
        let written = storage.withUnsafeMutableBytes { raw in
            body(UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
        }
        if written > 0 { self.end += written }
        return written
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if storage.count - end < bytes.count {
            _ = reserve(minimum: bytes.count, limit: Int.max)
        }
        let end = self.end
        storage.withUnsafeMutableBytes { raw in
            UnsafeMutableRawBufferPointer(rebasing: raw[end..<(end + bytes.count)]).copyMemory(from: bytes)
        }
        self.end += bytes.count
    }

    func withReadable<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { raw in body(UnsafeRawBufferPointer(rebasing: raw[start..<end])) }
    }

    mutating func consume(_ count: Int) {
        start += min(count, end - start)
        if start == end { start = 0; end = 0 }
    }

    /// Drops an oversized buffer between requests so an idle keep-alive connection holds only `capacity` bytes.
    mutating func shrink(to capacity: Int) {
        guard isEmpty, storage.count > capacity else { return }
        storage = [UInt8](repeating: 0, count: capacity)
    }
}
