extension AgoraState {
    /// Register, cancel and erase: the capacity, waiting-list, opening and deadline rules.
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
        var ledger = ledgers[event.id] ?? EventLedger()
        let key = EventLedger.activeKey(slotId: request.slotId, email: request.email)
        if let existing = ledger.activeByEmail[key] {
            throw .conflict(.alreadyRegistered(registrationId: existing))
        }
        let status: RegistrationStatus
        if rules.capacity.map({ ledger.confirmed < $0 }) ?? true {
            status = .confirmed
        } else if let waitingList = rules.waitingList,
                  waitingList.capacity.map({ ledger.waitlist.count < $0 }) ?? true {
            status = .waitlisted
        } else {
            throw .conflict(.eventFull(eventId: event.id))
        }
        registrationSequence += 1
        let registration = Registration(
            id: request.id, eventId: event.id, slotId: request.slotId,
            personalData: PersonalData(name: request.name, email: request.email, organisation: request.organisation),
            language: request.language?.lowercased(), status: status, createdAt: now, sequence: registrationSequence
        )
        registrations[registration.id] = registration
        ledger.add(registration)
        ledgers[event.id] = ledger
        return .registered(id: registration.id, status)
    }

    mutating func cancel(registrationId: String) throws(DomainError) -> CommandOutcome {
        guard var registration = registrations[registrationId] else {
            throw .notFound(.registration, id: registrationId)
        }
        let previous = registration.status
        if previous == .cancelled { throw .conflict(.alreadyCancelled(registrationId: registrationId)) }
        registration.status = .cancelled
        registrations[registrationId] = registration
        var ledger = ledgers[registration.eventId] ?? EventLedger()
        if previous == .confirmed { ledger.confirmed -= 1 }
        if previous == .waitlisted { ledger.waitlist.removeAll { $0 == registrationId } }
        if let data = registration.personalData {
            ledger.activeByEmail[EventLedger.activeKey(slotId: registration.slotId, email: data.email)] = nil
        }
        ledgers[registration.eventId] = ledger
        let promoted = previous == .confirmed ? promoteFirstWaiting(eventId: registration.eventId) : nil
        return .cancelled(id: registrationId, promoted: promoted)
    }

    mutating func erase(registrationId: String, at instant: Instant) throws(DomainError) -> CommandOutcome {
        guard var registration = registrations[registrationId] else {
            throw .notFound(.registration, id: registrationId)
        }
        // Erasing twice is harmless and keeps the first erasure time.
        guard let data = registration.personalData else { return .erased(id: registrationId) }
        let key = EventLedger.activeKey(slotId: registration.slotId, email: data.email)
        if ledgers[registration.eventId]?.activeByEmail[key] == registrationId {
            ledgers[registration.eventId]?.activeByEmail[key] = nil
        }
        registration.personalData = nil
        registration.erasedAt = instant
        registrations[registrationId] = registration
        return .erased(id: registrationId)
    }

    /// Moves the first waitlisted registration to confirmed if the event has a free place; returns its id.
    mutating func promoteFirstWaiting(eventId: String) -> String? {
        guard let event = events[eventId], let rules = event.registration.rules,
              var ledger = ledgers[eventId], let first = ledger.waitlist.first,
              rules.capacity.map({ ledger.confirmed < $0 }) ?? true,
              var registration = registrations[first] else { return nil }
        ledger.waitlist.removeFirst()
        ledger.confirmed += 1
        ledgers[eventId] = ledger
        registration.status = .confirmed
        registrations[first] = registration
        return first
    }
}
