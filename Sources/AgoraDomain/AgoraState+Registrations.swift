// Register, cancel and erase: the capacity, waiting-list, opening and deadline rules.
extension AgoraState {
    mutating func register(_ request: RegistrationRequest) throws(DomainError) -> CommandOutcome {
        try request.validate().throwIfErrors()
        if registrations[request.id] != nil { throw .conflict(.duplicateId(.registration, id: request.id)) }
        guard let event = events[request.eventId] else { throw .notFound(.event, id: request.eventId) }
        if let slotId = request.slotId, event.slot(withId: slotId) == nil { throw .notFound(.slot, id: slotId) }
        if event.status == .cancelled { throw .conflict(.eventCancelled(eventId: event.id)) }
        guard let rules = event.registration.rules else {
            throw .conflict(.registrationNotRequired(eventId: event.id))
        }
        let now = request.requestedAt
        if let opensAt = rules.opensAt, now < opensAt {
            throw .conflict(.registrationNotOpenYet(eventId: event.id, opensAt: opensAt))
        }
        if let deadline = rules.deadline, now > deadline {
            throw .conflict(.registrationClosed(eventId: event.id, closedAt: deadline))
        }
        if now >= event.effectiveEnd {
            throw .conflict(.registrationClosed(eventId: event.id, closedAt: event.effectiveEnd))
        }
        let key = EventLedger.activeKey(slotId: request.slotId, email: request.email)
        if let existing = ledgers[event.id]?.activeByEmail[key] {
            throw .conflict(.alreadyRegistered(registrationId: existing))
        }
        let confirmed = confirmedCount(eventId: event.id)
        let waiting = ledgers[event.id]?.waitlist.count ?? 0
        let status: RegistrationStatus
        if rules.capacity.map({ confirmed < $0 }) ?? true {
            status = .confirmed
        } else if let waitingList = rules.waitingList, waitingList.capacity.map({ waiting < $0 }) ?? true {
            status = .waitlisted
        } else {
            throw .conflict(.eventFull(eventId: event.id))
        }
        registrationSequence += 1
        let registration = Registration(
            id: request.id, eventId: event.id, slotId: request.slotId,
            personalData: PersonalData(name: request.name, email: request.email, organisation: request.organisation),
            language: request.language?.lowercased(), status: status, createdAt: now, sequence: registrationSequence,
            claim: request.claim
        )
        registrations[registration.id] = registration
        // Mutated in place through the subscript: copying the ledger out would copy its arrays.
        ledgers[event.id, default: EventLedger()].add(registration)
        return .registered(id: registration.id, status)
    }

    mutating func cancel(registrationId: String, at instant: Instant) throws(DomainError) -> CommandOutcome {
        guard var registration = registrations[registrationId] else {
            throw .notFound(.registration, id: registrationId)
        }
        let previous = registration.status
        if previous == .cancelled { throw .conflict(.alreadyCancelled(registrationId: registrationId)) }
        registration.status = .cancelled
        registration.cancelledAt = instant
        registrations[registrationId] = registration
        ledgers[registration.eventId, default: EventLedger()].remove(registration, previousStatus: previous)
        let promoted = previous == .confirmed ? promoteFirstWaiting(eventId: registration.eventId) : nil
        return .cancelled(id: registrationId, promoted: promoted)
    }

    mutating func erase(registrationId: String, at instant: Instant) throws(DomainError) -> CommandOutcome {
        guard var registration = registrations[registrationId] else {
            throw .notFound(.registration, id: registrationId)
        }
        // Erasing twice is harmless and keeps the first erasure time.
        guard registration.personalData != nil else { return .erased(id: registrationId) }
        ledgers[registration.eventId, default: EventLedger()].forgetEmail(of: registration)
        registration.personalData = nil
        registration.claim?.requestSHA256 = nil
        registration.erasedAt = instant
        registrations[registrationId] = registration
        return .erased(id: registrationId)
    }

    /// Moves the first waitlisted registration to confirmed if the event has a free place; returns its id.
    mutating func promoteFirstWaiting(eventId: String) -> String? {
        guard let rules = events[eventId]?.registration.rules,
              let first = ledgers[eventId]?.waitlist.first,
              rules.capacity.map({ confirmedCount(eventId: eventId) < $0 }) ?? true,
              var registration = registrations[first] else { return nil }
        ledgers[eventId, default: EventLedger()].promoteFirst()
        registration.status = .confirmed
        registrations[first] = registration
        return first
    }
}
