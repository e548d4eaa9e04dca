/// A hash index of row numbers: open addressing with linear probing, power-of-two capacity, at most half
/// full. It stores no keys, only each row's number with 32 bits of its key's hash; the owner hashes a
/// key and says whether a row matches it. So a million registrations are indexed in 16 MiB, where a
/// `[String: Int]` would hold a second copy of every key (and an allocation for each longer than 15
/// bytes). Deletion shifts the following entries back (Knuth, TAOCP vol. 3, 6.4, algorithm R), so no
/// tombstones accumulate.
struct RowIndex: Sendable {
    /// 0: empty; otherwise `hash32 << 32 | (row + 1)`.
    private var slots: [UInt64]
    private(set) var count = 0

    init(minimumCapacity: Int = 0) {
        var capacity = 8
        while capacity < minimumCapacity * 2 { capacity *= 2 }
        slots = [UInt64](repeating: 0, count: capacity)
    }

    static func hash32(_ hash: Int) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: hash ^ (hash >> 32))) }

    private var mask: Int { slots.count - 1 }

    /// The first row whose hash is `hash` and which `matches` accepts.
    func find(hash: Int, matches: (Int32) -> Bool) -> Int32? {
        let tag = Self.hash32(hash)
        var position = Int(tag) & mask
        while true {
            let entry = slots[position]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let row = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if matches(row) { return row }
            }
            position = (position + 1) & mask
        }
    }

    /// Adds `row` under `hash`; the caller checks first whether an equal key is wanted twice.
    mutating func insert(row: Int32, hash: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        place(Self.hash32(hash) << 32 | UInt64(row + 1))
        count += 1
    }

    /// Removes `row`, which was inserted under `hash`; false when it is not there.
    @discardableResult
    mutating func remove(row: Int32, hash: Int) -> Bool {
        let entryWanted = Self.hash32(hash) << 32 | UInt64(row + 1)
        var hole = Int(Self.hash32(hash)) & mask
        while slots[hole] != entryWanted {
            if slots[hole] == 0 { return false }
            hole = (hole + 1) & mask
        }
        // Algorithm R: move back every later entry of the run that may not sit past the hole.
        var next = hole
        while true {
            next = (next + 1) & mask
            let entry = slots[next]
            if entry == 0 { break }
            let home = Int(entry >> 32) & mask
            let between = hole <= next ? (hole < home && home <= next) : (hole < home || home <= next)
            if !between {
                slots[hole] = entry
                hole = next
            }
        }
        slots[hole] = 0
        count -= 1
        return true
    }

    private mutating func place(_ entry: UInt64) {
        var position = Int(entry >> 32) & mask
        while slots[position] != 0 { position = (position + 1) & mask }
        slots[position] = entry
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        for entry in old where entry != 0 { place(entry) }
    }
}
