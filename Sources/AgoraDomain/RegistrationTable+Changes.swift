// What the register, cancel and erase rules do to the table, as storage operations: the rules themselves
// (capacity, waiting list, deadlines) live in AgoraState+Registrations. Every change keeps the indexes
// and ledgers in step with the rows.
extension RegistrationTable {
    private func ledger(ofEvent eventId: String) -> EventLedger? {
        guard let event = names.number(of: eventId), Int(event) < ledgers.count else { return nil }
        return ledgers[Int(event)]
    }

    func confirmedCount(eventId: String) -> Int { ledger(ofEvent: eventId)?.confirmed ?? 0 }

    func waitingCount(eventId: String) -> Int { ledger(ofEvent: eventId)?.waitlist.count ?? 0 }

    func waitingIds(eventId: String) -> [String] {
        ledger(ofEvent: eventId).map { $0.waitlist.map { id(ofRow: Int($0)) } } ?? []
    }

    /// The event's registrations in order of arrival.
    func registrations(ofEvent eventId: String) -> [Registration] {
        (ledger(ofEvent: eventId)?.rows ?? []).map { registration(at: Int($0)) }
    }

    /// Active (not cancelled) registrations per slot id, for slots not in `kept`.
    func activeCounts(eventId: String, slotsNotIn kept: Set<String>) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in ledger(ofEvent: eventId)?.rows ?? [] {
            let candidate = rows[Int(row)]
            guard candidate.status != .cancelled, candidate.slot >= 0 else { continue }
            let slotId = names[candidate.slot]
            if !kept.contains(slotId) { counts[slotId, default: 0] += 1 }
        }
        return counts
    }

    func status(ofRow row: Int32) -> RegistrationStatus { rows[Int(row)].status }

    func eventId(ofRow row: Int32) -> String { names[rows[Int(row)].event] }

    func hasPersonalData(row: Int32) -> Bool { rows[Int(row)].flags.contains(.personalData) }

    /// What registering needs to know, with one look-up of each name: the active registration of the
    /// address if any, the event's counts, and the folded address (reused by `insert`).
    struct Admission {
        let existing: Int32?
        let confirmed: Int
        let waiting: Int
        let foldedEmail: String
        /// The address's index hash, when the slot was known already (else `insert` computes it).
        var emailHash: Int?
    }

    func admission(eventId: String, slotId: String?, email: String) -> Admission {
        let folded = Self.foldedEmail(email)
        guard indexed, let event = names.number(of: eventId) else {
            return Admission(existing: nil, confirmed: 0, waiting: 0, foldedEmail: folded)
        }
        let ledger = Int(event) < ledgers.count ? ledgers[Int(event)] : EventLedger()
        var existing: Int32?
        var slot: Int32? = -1
        var emailHash: Int?
        if let slotId { slot = names.number(of: slotId) }  // nil: a slot nobody registered for yet
        if let slot {
            let hash = Self.emailHash(event: event, slot: slot, folded: folded)
            emailHash = hash
            existing = activeByEmail.find(hash: hash) { row in
                let candidate = rows[Int(row)]
                return candidate.event == event && candidate.slot == slot && foldedEmail(ofRow: Int(row)) == folded
            }
        }
        return Admission(existing: existing, confirmed: ledger.confirmed, waiting: ledger.waitlist.count, foldedEmail: folded,
                         emailHash: emailHash)
    }

    /// Adds a new registration (the latest arrival) with every index; `idHash` is `idHash(registration.id)` and
    /// `admission` what `admission` found for it (its folded address, and its hash). The caller has checked that
    /// the id is new (`register` refuses a duplicate), so unlike bulk loading this neither searches for one again
    /// nor rebuilds the id from the row's bytes, and nothing is hashed twice.
    mutating func insert(_ registration: Registration, idHash: Int, admission: Admission) {
        let row = appendRow(registration)
        byId.insert(row: row, hash: idHash)
        if let emailHash = admission.emailHash, holdsActiveEmail(Int(row)) {
            activeByEmail.insert(row: row, hash: emailHash)
            indexLedger(row: Int(row))
        } else {
            indexAddressAndLedger(row: Int(row), foldedEmail: admission.foldedEmail)
        }
    }

    mutating func cancel(row: Int32, at instant: Instant) {
        let index = Int(row)
        forgetEmail(ofRow: index)
        let ledger = ledgerIndex(forEvent: rows[index].event)
        switch rows[index].status {
        case .confirmed: ledgers[ledger].confirmed -= 1
        case .waitlisted:
            if let position = ledgers[ledger].waitlist.firstIndex(of: row) {
                ledgers[ledger].waitlistStorage.remove(at: position)
            }
        case .cancelled: break
        }
        rows[index].status = .cancelled
        rows[index].cancelledAt = instant.secondsSince1970
    }

    /// Removes everything the person or their client chose: name, e-mail, organisation, the language, the
    /// retry key (an `Idempotency-Key` may spell the person's name) and the request digest (which digests them
    /// all). What stays is ours or the organiser's: the id, event, slot, status, instants, order of arrival and
    /// the cancellation-token digest (of 256 random bits we chose), so the record still counts and holds its place.
    mutating func erase(row: Int32, at instant: Instant) {
        let index = Int(row)
        forgetEmail(ofRow: index)
        let layout = Self.layout(rows[index])
        zero(layout, layout.name.lowerBound..<layout.organisation.upperBound)
        zero(layout, layout.retryKey)
        zero(layout, layout.request)
        rows[index].flags.subtract([.personalData, .organisation, .retryKey, .requestDigest, .packedRequest])
        rows[index].language = -1
        rows[index].erasedAt = instant.secondsSince1970
    }

    /// Confirms the first waiting registration of the event; returns its id.
    mutating func promoteFirst(eventId: String) -> String? {
        guard let event = names.number(of: eventId), Int(event) < ledgers.count,
              let row = ledgers[Int(event)].waitlist.first else { return nil }
        ledgers[Int(event)].popFirstWaiting()
        ledgers[Int(event)].confirmed += 1
        rows[Int(row)].status = .confirmed
        return id(ofRow: Int(row))
    }

    /// Deletes every registration of the event: rows stay as zeroed tombstones (row numbers are stable)
    /// until the next snapshot load, which leaves them out.
    mutating func removeAll(ofEvent eventId: String) {
        guard let event = names.number(of: eventId), Int(event) < ledgers.count else { return }
        for row in ledgers[Int(event)].rows {
            let index = Int(row)
            forgetEmail(ofRow: index)
            byId.remove(row: row, hash: idHash(ofRow: index))
            let layout = Self.layout(rows[index])
            zero(layout, layout.id.lowerBound..<layout.request.upperBound)
            rows[index].flags.insert(.deleted)
            count -= 1
        }
        ledgers[Int(event)] = EventLedger()
    }
}
