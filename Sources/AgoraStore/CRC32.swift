// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), the checksum zlib and PNG use, so a record can
// be checked by hand with any tool. Recovery checksums every journal byte and the whole snapshot, so this is
// slicing-by-16 (Kounavis and Berry, "Novel Table Lookup-Based Algorithms for High-Performance CRC
// Generation", IEEE Trans. Computers 57(11), 2008): sixteen bytes per step through sixteen tables, read as two
// 64-bit words. The tables are one flat array read through a pointer: the former table of eight `[UInt32]`
// arrays paid a bounds check and an array access on every one of its lookups (4.9 % of a recovery profile).

enum CRC32 {
    /// `tables[k * 256 + b]`: the CRC of byte `b` followed by `k` zero bytes (table 0 is the classic one).
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 16 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            tables[byte] = crc
        }
        for slice in 1..<16 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) * 256 + byte]
                tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The checksum of `bytes`; with `previous`, of the bytes that gave `previous` followed by `bytes`.
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        var crc: UInt32 = previous ^ 0xFFFF_FFFF
        guard let base = bytes.baseAddress else { return previous }
        let count = bytes.count
        tables.withUnsafeBufferPointer { table in
            // The buffer is never empty, so its base address exists; `t(k, b)` is entry b of table k.
            guard let t = table.baseAddress else { return }
            @inline(__always) func lookup(_ slice: Int, _ byte: UInt64) -> UInt32 { t[slice &* 256 &+ Int(byte & 0xFF)] }
            var index = 0
            while index &+ 16 <= count {
                // Little-endian words: the first byte of the message is the low byte (x86, ARM64 as Swift runs them).
                let low = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index, as: UInt64.self)) ^ UInt64(crc)
                let high = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self))
                crc = lookup(15, low) ^ lookup(14, low >> 8) ^ lookup(13, low >> 16) ^ lookup(12, low >> 24)
                    ^ lookup(11, low >> 32) ^ lookup(10, low >> 40) ^ lookup(9, low >> 48) ^ lookup(8, low >> 56)
                    ^ lookup(7, high) ^ lookup(6, high >> 8) ^ lookup(5, high >> 16) ^ lookup(4, high >> 24)
                    ^ lookup(3, high >> 32) ^ lookup(2, high >> 40) ^ lookup(1, high >> 48) ^ lookup(0, high >> 56)
                index &+= 16
            }
            while index < count {
                crc = (crc >> 8) ^ t[Int((crc ^ UInt32(base.load(fromByteOffset: index, as: UInt8.self))) & 0xFF)]
                index &+= 1
            }
        }
        return crc ^ 0xFFFF_FFFF
    }

    static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        if let result = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(bytes).withUnsafeBytes { checksum($0) }
    }

    /// Eight lowercase hex digits, the form written into journal records and snapshot headers.
    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
