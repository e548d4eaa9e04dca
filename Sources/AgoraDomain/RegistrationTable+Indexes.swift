// The indexes over the rows: registration id → row, and (event, slot, e-mail) → the active row that
// holds that address, which is how a second active registration of one address is refused. E-mail
// addresses compare case-insensitively (`lowercased()`, with an ASCII fast path).
extension RegistrationTable {
    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }

    static func idHash(_ id: String) -> Int {
        var id = id
        return id.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    func idHash(ofRow index: Int) -> Int {
        let layout = Self.layout(rows[index])
        return text.withBlock(layout.block) { Self.hash(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[layout.id]))) }
    }

    /// The row of registration `id`.
    func row(id: String) -> Int32? {
        guard indexed else { return nil }
        return byId.find(hash: Self.idHash(id)) { row in
            let layout = Self.layout(rows[Int(row)])
            return bytes(layout, layout.id).elementsEqual(id.utf8)
        }
    }

    /// The lowercased UTF-8 of an e-mail address: the key that makes `Ana@X.lu` and `ana@x.lu` one person.
    static func foldedEmail(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
        }
        return Array(String(decoding: bytes, as: UTF8.self).lowercased().utf8)
    }

    static func emailHash(event: Int32, slot: Int32, folded: [UInt8]) -> Int {
        var hasher = Hasher()
        hasher.combine(event)
        hasher.combine(slot)
        folded.withUnsafeBytes { hasher.combine(bytes: $0) }
        return hasher.finalize()
    }

    func foldedEmail(ofRow index: Int) -> [UInt8] {
        let layout = Self.layout(rows[index])
        return Self.foldedEmail(bytes(layout, layout.email))
    }

    private func emailHash(ofRow index: Int) -> Int {
        Self.emailHash(event: rows[index].event, slot: rows[index].slot, folded: foldedEmail(ofRow: index))
    }

    /// Whether the row holds an address that blocks another registration (not cancelled, not erased).
    func holdsActiveEmail(_ index: Int) -> Bool {
        let row = rows[index]
        return row.status != .cancelled && row.flags.contains(.personalData) && !row.flags.contains(.deleted)
    }


    /// Frees the row's address for a new registration (cancellation, erasure, deletion).
    mutating func forgetEmail(ofRow index: Int) {
        guard holdsActiveEmail(index) else { return }
        activeByEmail.remove(row: Int32(index), hash: emailHash(ofRow: index))
    }

    mutating func ledgerIndex(forEvent event: Int32) -> Int {
        while ledgers.count <= Int(event) { ledgers.append(EventLedger()) }
        return Int(event)
    }

    /// Adds a row (the last one, or the next in order of arrival while rebuilding) to every index.
    /// False when its id is indexed already.
    mutating func index(row index: Int, foldedEmail: [UInt8]? = nil) -> Bool {
        let hash = idHash(ofRow: index)
        let layout = Self.layout(rows[index])
        let id = bytes(layout, layout.id)
        let duplicate = byId.find(hash: hash) { other in
            let otherLayout = Self.layout(rows[Int(other)])
            return bytes(otherLayout, otherLayout.id).elementsEqual(id)
        }
        if duplicate != nil { return false }
        byId.insert(row: Int32(index), hash: hash)
        if holdsActiveEmail(index) {
            let row = rows[index]
            let folded = foldedEmail ?? self.foldedEmail(ofRow: index)
            activeByEmail.insert(row: Int32(index), hash: Self.emailHash(event: row.event, slot: row.slot, folded: folded))
        }
        let ledger = ledgerIndex(forEvent: rows[index].event)
        ledgers[ledger].rows.append(Int32(index))
        switch rows[index].status {
        case .confirmed: ledgers[ledger].confirmed += 1
        case .waitlisted: ledgers[ledger].waitlistStorage.append(Int32(index))
        case .cancelled: break
        }
        return true
    }

    /// A table of `registrations` given in any order; nil when two share an id.
    init?(loading registrations: some Sequence<Registration>, count: Int) {
        beginLoading(reservingCapacity: count)
        for registration in registrations { appendLoaded(registration) }
        guard finishLoading() else { return nil }
    }

    /// Starts a bulk load: rows are appended with `appendLoaded` and indexed once by `finishLoading`.
    mutating func beginLoading(reservingCapacity capacity: Int) {
        precondition(rows.isEmpty, "bulk loading starts from an empty table")
        indexed = false
    }

    mutating func appendLoaded(_ registration: Registration) {
        _ = appendRow(registration)
    }

    /// Puts the loaded rows in order of arrival and builds every index. False when two rows share an id.
    mutating func finishLoading() -> Bool {
        if zip(rows, rows.dropFirst()).contains(where: { $0.sequence > $1.sequence }) {
            rows = BlockArray(rows.sorted { $0.sequence < $1.sequence })
        }
        byId = RowIndex(minimumCapacity: rows.count)
        activeByEmail = RowIndex(minimumCapacity: rows.count)
        ledgers = []
        indexed = true
        for row in rows.indices where !index(row: row) { return false }
        return true
    }
}
