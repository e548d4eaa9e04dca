// Bulk loading (a snapshot's registrations): rows are appended without touching an index, then every index is built
// in one pass. The pass needs each row's id hash and address hash, pure functions of the row that a loader may
// compute on every core first (`loadingHashes`), leaving the pass only the inserts (one serial pass over a million
// rows that also rebuilt and hashed every id and address was a third of a snapshot load's serial time).
extension RegistrationTable {
    /// A table of `registrations` given in any order; nil when two share an id.
    init?(loading registrations: some Sequence<Registration>, count: Int) {
        beginLoading(reservingCapacity: count)
        for registration in registrations { appendLoaded(registration) }
        guard finishLoading() else { return nil }
    }

    /// Starts a bulk load: rows are appended with `appendLoaded` and indexed once by `finishLoading`.
    package mutating func beginLoading(reservingCapacity capacity: Int) {
        precondition(rows.isEmpty, "bulk loading starts from an empty table")
        indexed = false
    }

    package mutating func appendLoaded(_ registration: Registration) {
        // Snapshots written before erasure removed the retry key and the language (issue #10) still hold them for
        // erased rows: they do not come back into memory, and leave the disk with the next snapshot. (A copy only
        // then: copying every loaded value retained each of its strings once more.)
        if registration.isErased, registration.claim?.retryKey != nil || registration.language != nil {
            var stripped = registration
            stripped.claim?.retryKey = nil
            stripped.language = nil
            _ = appendRow(stripped)
        } else {
            _ = appendRow(registration)
        }
    }

    /// Puts the loaded rows in order of arrival (snapshots hold them so; a table decoded from any order is sorted).
    /// `loadingHashes` must be computed after this.
    package mutating func orderLoadedRows() {
        if zip(rows, rows.dropFirst()).contains(where: { $0.sequence > $1.sequence }) {
            rows = BlockArray(rows.sorted { $0.sequence < $1.sequence })
        }
    }

    /// What `finishLoading` indexes the rows of `range` by: each row's id hash and active-address hash (0 for a row
    /// that holds no active address). Reads the table only, so loaders call it for many ranges at once.
    package func loadingHashes(rows range: Range<Int>) -> [LoadingHashes] {
        range.map { index in
            LoadingHashes(id: idHash(ofRow: index), email: holdsActiveEmail(index) ? emailHash(ofRow: index) : 0)
        }
    }

    package struct LoadingHashes: Sendable {
        let id: Int
        let email: Int
    }

    /// Puts the loaded rows in order of arrival and builds every index. False when two rows share an id.
    package mutating func finishLoading() -> Bool {
        orderLoadedRows()
        return finishLoading(hashes: [loadingHashes(rows: rows.indices)])
    }

    /// Builds every index from `hashes`: `loadingHashes` of consecutive ranges that cover the rows in order (after
    /// `orderLoadedRows`). False when two rows share an id, or `hashes` does not cover the rows.
    package mutating func finishLoading(hashes: [[LoadingHashes]]) -> Bool {
        guard hashes.reduce(0, { $0 + $1.count }) == rows.count else { return false }
        byId = RowIndex(minimumCapacity: rows.count)
        activeByEmail = RowIndex(minimumCapacity: rows.count)
        ledgers = []
        indexed = true
        var index = 0
        for part in hashes {
            for hash in part {
                guard byId.find(hash: hash.id, matches: { rowIds(Int($0), equal: index) }) == nil else { return false }
                byId.insert(row: Int32(index), hash: hash.id)
                if holdsActiveEmail(index) { activeByEmail.insert(row: Int32(index), hash: hash.email) }
                indexLedger(row: index)
                index += 1
            }
        }
        return true
    }

    /// Whether rows `a` and `b` have the same id (as `String` equality has it).
    private func rowIds(_ a: Int, equal b: Int) -> Bool {
        let first = Self.layout(rows[a]), second = Self.layout(rows[b])
        let left = bytes(first, first.id), right = bytes(second, second.id)
        if left.allSatisfy({ $0 < 0x80 }), right.allSatisfy({ $0 < 0x80 }) { return left.elementsEqual(right) }
        return string(first, first.id) == string(second, second.id)
    }
}
