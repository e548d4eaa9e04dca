// Register, cancel and erase: the capacity, waiting-list and duplicate rules (the window and the slot rule are the
// event's: `Event+Registration.swift`).
extension AgoraState {
    mutating func register(_ request: RegistrationRequest) throws(DomainError) -> CommandOutcome {
        try request.validate().throwIfErrors()
        // Hashed once, for the duplicate check here and the insert below (replay does this a million times).
        let idHash = RegistrationTable.idHash(request.id)
        if registrations.row(id: request.id, hash: idHash) != nil { throw .conflict(.duplicateId(.registration, id: request.id)) }
        guard let event = events[request.eventId] else { throw .notFound(.event, id: request.eventId) }
        if let slotId = request.slotId, !event.offersRegistration(forSlot: slotId) { throw .notFound(.slot, id: slotId) }
        let eventId = event.id
        let now = request.requestedAt
        if let conflict = event.registrationConflict(at: now) { throw .conflict(conflict) }
        guard let rules = event.registration.rules else { throw .conflict(.registrationNotRequired(eventId: eventId)) }
        let admission = registrations.admission(eventId: eventId, slotId: request.slotId, email: request.email)
        if let existing = admission.existing {
            throw .conflict(.alreadyRegistered(registrationId: registrations.id(ofRow: Int(existing))))
        }
        let status: RegistrationStatus
        if rules.capacity.map({ admission.confirmed < $0 }) ?? true {
            status = .confirmed
        } else if let waitingList = rules.waitingList, waitingList.capacity.map({ admission.waiting < $0 }) ?? true {
            status = .waitlisted
        } else {
            throw .conflict(.eventFull(eventId: eventId))
        }
        registrationSequence += 1
        registrations.insert(Registration(
            id: request.id, eventId: eventId, slotId: request.slotId,
            personalData: PersonalData(name: request.name, email: request.email, organisation: request.organisation),
            language: request.language?.lowercased(), status: status, createdAt: now, sequence: registrationSequence,
            claim: request.claim
        ), idHash: idHash, admission: admission)
        return .registered(id: request.id, status)
    }

    mutating func cancel(registrationId: String, at instant: Instant) throws(DomainError) -> CommandOutcome {
        guard let row = registrations.row(id: registrationId) else {
            throw .notFound(.registration, id: registrationId)
        }
        let previous = registrations.status(ofRow: row)
        if previous == .cancelled { throw .conflict(.alreadyCancelled(registrationId: registrationId)) }
        registrations.cancel(row: row, at: instant)
        let promoted = previous == .confirmed ? promoteFirstWaiting(eventId: registrations.eventId(ofRow: row)) : nil
        return .cancelled(id: registrationId, promoted: promoted)
    }

    mutating func erase(registrationId: String, at instant: Instant) throws(DomainError) -> CommandOutcome {
        guard let row = registrations.row(id: registrationId) else {
            throw .notFound(.registration, id: registrationId)
        }
        // Erasing twice is harmless and keeps the first erasure time.
        guard registrations.hasPersonalData(row: row) else { return .erased(id: registrationId) }
        registrations.erase(row: row, at: instant)
        return .erased(id: registrationId)
    }

    /// The slot rule's verdict on `request` as content, found before it is applied: an issue at `slotId` when its
    /// event's programme has no such slot (`Event.offersRegistration(forSlot:)`, which `register` applies too —
    /// there an unknown slot is 404, since nothing reported it earlier). Nil when the slot is fine or the event
    /// unknown (not a problem of the content: `register` answers it 404).
    public func slotIssue(ofRegistration request: RegistrationRequest) -> ValidationIssue? {
        guard let slotId = request.slotId, let event = events[request.eventId],
              !event.offersRegistration(forSlot: slotId) else { return nil }
        return ValidationIssue(path: "slotId", message: "no slot \"\(slotId)\" in this event's programme")
    }

    /// Moves the first waitlisted registration to confirmed if the event has a free place; returns its id.
    mutating func promoteFirstWaiting(eventId: String) -> String? {
        guard let rules = events[eventId]?.registration.rules,
              rules.capacity.map({ confirmedCount(eventId: eventId) < $0 }) ?? true else { return nil }
        return registrations.promoteFirst(eventId: eventId)  // nil when nobody waits
    }
}
