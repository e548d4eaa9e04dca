extension AgoraState {
    /// The state after `command`, and what happened. Pure and deterministic: everything the command
    /// needs (ids, instants) is inside it, so replaying a journal reproduces the state exactly.
    public func applying(_ command: Command) throws(DomainError) -> (state: AgoraState, outcome: CommandOutcome) {
        var next = self
        let outcome = try next.apply(command)
        return (next, outcome)
    }

    /// Applies `command` in place; on error the state is left unchanged (every check runs before
    /// the first mutation). Use this on a uniquely owned value (journal replay) to avoid copying
    /// the dictionaries for each command.
    public mutating func apply(_ command: Command) throws(DomainError) -> CommandOutcome {
        switch command {
        case .createEvent(let event):
            if events[event.id] != nil { throw .conflict(.duplicateId(.event, id: event.id)) }
            try validate(event).throwIfErrors()
            events[event.id] = event.stamped(against: nil)
            return .created(id: event.id)
        case .updateEvent(let event):
            try replace(event)
            return .updated(id: event.id)
        case .deleteEvent(let eventId):
            guard events[eventId] != nil else { throw .notFound(.event, id: eventId) }
            registrations.removeAll(ofEvent: eventId)
            events[eventId] = nil
            return .deleted(id: eventId)
        case .createSlot(let eventId, let slot):
            var event = try existingEvent(eventId)
            if event.slot(withId: slot.id) != nil { throw .conflict(.duplicateId(.slot, id: slot.id)) }
            event.programme.append(slot)
            try replace(event)
            return .created(id: slot.id)
        case .updateSlot(let eventId, let slot):
            var event = try existingEvent(eventId)
            guard let index = event.programme.firstIndex(where: { $0.id == slot.id }) else {
                throw .notFound(.slot, id: slot.id)
            }
            event.programme[index] = slot
            try replace(event)
            return .updated(id: slot.id)
        case .deleteSlot(let eventId, let slotId):
            var event = try existingEvent(eventId)
            guard event.slot(withId: slotId) != nil else { throw .notFound(.slot, id: slotId) }
            event.programme.removeAll { $0.id == slotId }
            try replace(event)
            return .deleted(id: slotId)
        case .createPartner(let partner):
            if partners[partner.id] != nil { throw .conflict(.duplicateId(.partner, id: partner.id)) }
            try partner.validate().throwIfErrors()
            partners[partner.id] = partner
            return .created(id: partner.id)
        case .updatePartner(let partner):
            guard partners[partner.id] != nil else { throw .notFound(.partner, id: partner.id) }
            try partner.validate().throwIfErrors()
            partners[partner.id] = partner
            return .updated(id: partner.id)
        case .deletePartner(let partnerId):
            guard partners[partnerId] != nil else { throw .notFound(.partner, id: partnerId) }
            partners[partnerId] = nil
            unlink(partnerId: partnerId)
            return .deleted(id: partnerId)
        case .register(let request):
            return try register(request)
        case .cancelRegistration(let registrationId, let at):
            return try cancel(registrationId: registrationId, at: at)
        case .eraseRegistration(let registrationId, let at):
            return try erase(registrationId: registrationId, at: at)
        }
    }

    /// Every problem of `event` in this state: its own issues plus links to partners that do not exist.
    public func validate(_ event: Event) -> [ValidationIssue] {
        var issues = event.validate()
        for (index, partnerId) in event.partnerIds.enumerated() where partners[partnerId] == nil {
            issues.append(ValidationIssue(path: "partnerIds[\(index)]", message: "unknown partner \"\(partnerId)\""))
        }
        for (slotIndex, slot) in event.programme.enumerated() {
            for (index, speaker) in slot.speakers.enumerated() {
                if let partnerId = speaker.partnerId, partners[partnerId] == nil {
                    issues.append(ValidationIssue(path: "programme[\(slotIndex)].speakers[\(index)].partnerId",
                                                  message: "unknown partner \"\(partnerId)\""))
                }
            }
        }
        return issues
    }

    /// Warnings of every event (e.g. overlapping slots), paths prefixed with `events[id]`.
    public func warnings() -> [ValidationIssue] {
        events.values.sorted { $0.id < $1.id }.flatMap { event in
            validate(event).filter(\.isWarning).prefixed("events[\(event.id)]")
        }
    }

    private func existingEvent(_ eventId: String) throws(DomainError) -> Event {
        guard let event = events[eventId] else { throw .notFound(.event, id: eventId) }
        return event
    }

    /// Replaces an existing event after checking it, and that no active registration loses its slot
    /// or its confirmed place; a raised capacity promotes waiting registrations.
    private mutating func replace(_ event: Event) throws(DomainError) {
        guard let previous = events[event.id] else { throw .notFound(.event, id: event.id) }
        try validate(event).throwIfErrors()
        try checkRegistrationsSurvive(event)
        events[event.id] = event.stamped(against: previous)
        while promoteFirstWaiting(eventId: event.id) != nil {}
    }

    /// No active registration may lose its slot, and no confirmed place may be taken back.
    private func checkRegistrationsSurvive(_ event: Event) throws(DomainError) {
        let orphaned = registrations.activeCounts(eventId: event.id, slotsNotIn: Set(event.programme.map(\.id)))
        if let (slotId, count) = orphaned.min(by: { $0.key < $1.key }) {
            throw .conflict(.slotHasRegistrations(eventId: event.id, slotId: slotId, count: count))
        }
        let confirmed = registrations.confirmedCount(eventId: event.id)
        if let capacity = event.registration.rules?.capacity, capacity < confirmed {
            throw .conflict(.capacityBelowConfirmed(eventId: event.id, confirmed: confirmed))
        }
    }

    private mutating func unlink(partnerId: String) {
        for (eventId, event) in events {
            let linked = event.partnerIds.contains(partnerId)
                || event.programme.contains { $0.speakers.contains { $0.partnerId == partnerId } }
            guard linked else { continue }
            var changed = event
            changed.partnerIds.removeAll { $0 == partnerId }
            for slotIndex in changed.programme.indices {
                for speakerIndex in changed.programme[slotIndex].speakers.indices
                where changed.programme[slotIndex].speakers[speakerIndex].partnerId == partnerId {
                    changed.programme[slotIndex].speakers[speakerIndex].partnerId = nil
                }
            }
            events[eventId] = changed
        }
    }
}
