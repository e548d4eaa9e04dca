// The indexes over the rows: registration id → row, and (event, slot, e-mail) → the active row that
// holds that address, which is how a second active registration of one address is refused. Keys compare
// as Swift strings do (canonical equivalence: "é" written as one scalar or as "e" + U+0301 is one key),
// so both hash through `String`; e-mail addresses also compare case-insensitively (`lowercased()`).
extension RegistrationTable {
    static func idHash(_ id: String) -> Int {
        var hasher = Hasher()
        hasher.combine(id)
        return hasher.finalize()
    }

    func idHash(ofRow index: Int) -> Int { Self.idHash(id(ofRow: index)) }

    /// Whether row `index` has the id `id` (as `String` equality has it).
    func row(_ index: Int, hasId id: String) -> Bool {
        let layout = Self.layout(rows[index])
        let stored = bytes(layout, layout.id)
        // Two ASCII texts are equal exactly when their bytes are; anything else compares as strings.
        if stored.allSatisfy({ $0 < 0x80 }), id.utf8.allSatisfy({ $0 < 0x80 }) { return stored.elementsEqual(id.utf8) }
        return String(decoding: stored, as: UTF8.self) == id
    }

    /// The row of registration `id`.
    func row(id: String) -> Int32? { row(id: id, hash: Self.idHash(id)) }

    /// The same, for `hash`, which is `idHash(id)`.
    func row(id: String, hash: Int) -> Int32? {
        guard indexed else { return nil }
        return byId.find(hash: hash) { row(Int($0), hasId: id) }
    }

    /// The key that makes `Ana@X.lu` and `ana@x.lu` one person.
    static func foldedEmail(_ email: String) -> String { email.lowercased() }

    static func emailHash(event: Int32, slot: Int32, folded: String) -> Int {
        var hasher = Hasher()
        hasher.combine(event)
        hasher.combine(slot)
        hasher.combine(folded)
        return hasher.finalize()
    }

    func foldedEmail(ofRow index: Int) -> String {
        let layout = Self.layout(rows[index])
        return Self.foldedEmail(string(layout, layout.email))
    }

    func emailHash(ofRow index: Int) -> Int {
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

    /// Row `index` into the active-address index and its event's ledger (every index but the id's).
    mutating func indexAddressAndLedger(row index: Int, foldedEmail: String?) {
        if holdsActiveEmail(index) {
            let row = rows[index]
            let folded = foldedEmail ?? self.foldedEmail(ofRow: index)
            activeByEmail.insert(row: Int32(index), hash: Self.emailHash(event: row.event, slot: row.slot, folded: folded))
        }
        indexLedger(row: index)
    }

    /// Row `index`, the latest in order of arrival, into its event's ledger.
    mutating func indexLedger(row index: Int) {
        let ledger = ledgerIndex(forEvent: rows[index].event)
        ledgers[ledger].rows.append(Int32(index))
        switch rows[index].status {
        case .confirmed: ledgers[ledger].confirmed += 1
        case .waitlisted: ledgers[ledger].waitlistStorage.append(Int32(index))
        case .cancelled: break
        }
    }
}
