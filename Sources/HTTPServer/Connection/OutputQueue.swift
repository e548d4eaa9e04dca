#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A connection's reply list (Redis's `reply` + `bufpos`): response heads and bodies waiting to be written, flushed
/// with one `writev` of up to 16 chunks, so a response's head and body leave in one system call and one TCP segment
/// train. Bodies are queued by reference (array storage is shared), never copied.
struct OutputQueue {
    private var chunks: [[UInt8]] = []
    private var head = 0           // index of the first unwritten chunk
    private var offset = 0         // bytes of chunks[head] already written
    private(set) var pendingBytes = 0

    var isEmpty: Bool { pendingBytes == 0 }

    mutating func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        pendingBytes += bytes.count
        chunks.append(bytes)
    }

    /// Writes as much as the socket takes. Returns the socket's answer for the last call.
    mutating func write(to fd: Int32) -> Socket.IOResult {
        while pendingBytes > 0 {
            let result = writeBatch(fd)
            guard case .bytes(let n) = result else { return result }
            consume(n)
            if n == 0 { return .wouldBlock }
        }
        return .bytes(0)
    }

    /// All pending bytes as one array (for a transport that must transform them, e.g. TLS) and clears the queue.
    mutating func takeAll() -> [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(pendingBytes)
        for index in head..<chunks.count {
            all.append(contentsOf: index == head ? chunks[index][offset...] : chunks[index][...])
        }
        chunks.removeAll(keepingCapacity: true)
        head = 0
        offset = 0
        pendingBytes = 0
        return all
    }

    private func writeBatch(_ fd: Int32) -> Socket.IOResult {
        let count = min(chunks.count - head, 16)
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: count) { vectors in
            // Each chunk's pointer is valid only inside its withUnsafeBytes; nest them and call writev innermost.
            func gather(_ k: Int) -> Socket.IOResult {
                if k == count { return Socket.writev(fd, UnsafeBufferPointer(vectors)) }
                return chunks[head + k].withUnsafeBytes { raw in
                    let skip = k == 0 ? offset : 0
                    // Never nil: empty chunks are not queued.
                    vectors[k] = iovec(iov_base: UnsafeMutableRawPointer(mutating: raw.baseAddress! + skip),
                                       iov_len: raw.count - skip)
                    return gather(k + 1)
                }
            }
            return gather(0)
        }
    }

    private mutating func consume(_ written: Int) {
        var remaining = written
        pendingBytes -= written
        while remaining > 0 && head < chunks.count {
            let available = chunks[head].count - offset
            if remaining >= available {
                remaining -= available
                head += 1
                offset = 0
            } else {
                offset += remaining
                remaining = 0
            }
        }
        if head == chunks.count {
            chunks.removeAll(keepingCapacity: true)
            head = 0
            offset = 0
        } else if head > 32 {
            chunks.removeFirst(head)
            head = 0
        }
    }
}
