// Register, cancel and erase: the capacity, waiting-list, opening and deadline rules.
extension AgoraState {
    mutating func register(_ request: RegistrationRequest) throws(DomainError) -> CommandOutcome {
        try request.validate().throwIfErrors()
        if registrations.contains(id: request.id) { throw .conflict(.duplicateId(.registration, id: request.id)) }
        guard let event = events[request.eventId] else { throw .notFound(.event, id: request.eventId) }
        if let slotId = request.slotId, !event.programme.contains(where: { $0.id == slotId }) {
            throw .notFound(.slot, id: slotId)
        }
        let eventId = event.id
        if event.status == .cancelled { throw .conflict(.eventCancelled(eventId: eventId)) }
        guard let rules = event.registration.rules else {
            throw .conflict(.registrationNotRequired(eventId: eventId))
        }
        let now = request.requestedAt
        if let opensAt = rules.opensAt, now < opensAt {
            throw .conflict(.registrationNotOpenYet(eventId: eventId, opensAt: opensAt))
        }
        if let deadline = rules.deadline, now > deadline {
            throw .conflict(.registrationClosed(eventId: eventId, closedAt: deadline))
        }
        let end = event.effectiveEnd
        if now >= end { throw .conflict(.registrationClosed(eventId: eventId, closedAt: end)) }
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
        ), foldedEmail: admission.foldedEmail)
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

    /// Moves the first waitlisted registration to confirmed if the event has a free place; returns its id.
    mutating func promoteFirstWaiting(eventId: String) -> String? {
        guard let rules = events[eventId]?.registration.rules,
              rules.capacity.map({ confirmedCount(eventId: eventId) < $0 }) ?? true else { return nil }
        return registrations.promoteFirst(eventId: eventId)  // nil when nobody waits
    }
}
