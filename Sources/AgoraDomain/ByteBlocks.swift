// The text half of the block storage; see BlockArray.swift for why blocks.

/// Bytes in blocks of about 1 MiB. Each run (one row's strings) lies within one block, so it is read as
/// one slice; a run longer than a block gets a block of its own. Positions pack the block number in the
/// high 32 bits and the offset in the low 32.
struct ByteBlocks: Sendable {
    static let blockSize = 1 << 20

    private(set) var blocks: [[UInt8]] = []

    /// Where a run of `length` bytes appended next will start; the run's bytes follow with `append`.
    mutating func startRun(length: Int) -> Int {
        if blocks.isEmpty || (blocks[blocks.count - 1].count + length > Self.blockSize && !blocks[blocks.count - 1].isEmpty) {
            var block: [UInt8] = []
            block.reserveCapacity(max(Self.blockSize, length))
            blocks.append(block)
        }
        return (blocks.count - 1) << 32 | blocks[blocks.count - 1].count
    }

    mutating func append(_ utf8: String.UTF8View) {
        blocks[blocks.count - 1].append(contentsOf: utf8)
    }

    /// Appends the 32 bytes that a `HexDigest.isDigest` text spells.
    mutating func appendPacked(digest: String) {
        var digest = digest
        var packed: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        digest.withUTF8 { hex in
            withUnsafeMutableBytes(of: &packed) { bytes in
                for index in 0..<32 {
                    bytes[index] = HexDigest.value(of: hex[2 * index]) << 4 | HexDigest.value(of: hex[2 * index + 1])
                }
            }
        }
        withUnsafeBytes(of: packed) { blocks[blocks.count - 1].append(contentsOf: $0) }
    }

    static func block(of position: Int) -> Int { position >> 32 }
    static func offset(of position: Int) -> Int { position & 0xFFFF_FFFF }

    subscript(block: Int, range: Range<Int>) -> ArraySlice<UInt8> { blocks[block][range] }

    func withBlock<R>(_ block: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        blocks[block].withUnsafeBufferPointer(body)
    }

    /// Overwrites `range` of `block` with zeros.
    mutating func zero(block: Int, range: Range<Int>) {
        for index in range { blocks[block][index] = 0 }
    }

    /// Every byte, for tests that look for what must not be there.
    var allBytes: [UInt8] { Array(blocks.joined()) }
}
