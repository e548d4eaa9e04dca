// The registration rules that depend on the event and the clock alone: the window (cancelled, not required, not
// open yet, past the deadline, over) and the slot a registration may name. `AgoraState.register` applies them;
// the API shows the same verdicts (the `open` flag of a published event, a 422 for an unknown slot) by asking
// these functions rather than restating them.
extension Event {
    /// Why a registration made at `now` is refused by the event's window, or nil when the window admits it.
    /// Capacity and duplicates are the state's business (`AgoraState.register`). The deadline is inclusive;
    /// an event that is over takes no registrations, whatever its deadline says.
    public func registrationConflict(at now: Instant) -> Conflict? {
        if status == .cancelled { return .eventCancelled(eventId: id) }
        guard let rules = registration.rules else { return .registrationNotRequired(eventId: id) }
        if let opensAt = rules.opensAt, now < opensAt { return .registrationNotOpenYet(eventId: id, opensAt: opensAt) }
        if let deadline = rules.deadline, now > deadline { return .registrationClosed(eventId: id, closedAt: deadline) }
        if now >= effectiveEnd { return .registrationClosed(eventId: id, closedAt: effectiveEnd) }
        return nil
    }

    /// Whether the window admits a registration at `now` (what a front-end shows a form by; fullness is left to
    /// the answer of a registration).
    public func acceptsRegistrations(at now: Instant) -> Bool {
        registrationConflict(at: now) == nil
    }

    /// A registration is for the whole event (no slot) or for one slot of its programme.
    public func offersRegistration(forSlot slotId: String?) -> Bool {
        guard let slotId else { return true }
        return slot(withId: slotId) != nil
    }

    /// The instants at which what the event says by time alone may change: its phase (start, end) and whether it
    /// takes registrations (opening, and the second after the inclusive deadline — instants have whole seconds).
    public var timeBoundaries: [Instant] {
        var boundaries = [startsAt, effectiveEnd]
        if let rules = registration.rules {
            if let opensAt = rules.opensAt { boundaries.append(opensAt) }
            if let deadline = rules.deadline { boundaries.append(deadline.adding(seconds: 1)) }
        }
        return boundaries
    }
}
