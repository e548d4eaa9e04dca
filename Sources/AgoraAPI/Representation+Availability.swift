import AgoraDomain

extension Representation {
    /// `GET /events/{id}/availability`: how many places an event has left, as counts only — never who holds them.
    /// The counts are the ones `AgoraState.register` admits by (the event's ledger: confirmed and waiting
    /// registrations; a cancelled one counts for nothing, an erased one keeps its place as an anonymous count), so
    /// `remaining` is what the next registration finds. Small on purpose: a registration changes it and nothing
    /// else, and the change feed renders it for every registration batch (`ChangeDerivation`).
    func availability(of event: Event) -> JSONValue {
        var object = JSONObject()
        object.set("eventId", .string(event.id))
        object.set("registration", .string(registrationKind(event.registration)))
        // The domain's window rule, asked once: `open` is `Event.acceptsRegistrations(at:)`.
        let conflict = event.registrationConflict(at: now)
        let open = conflict == nil
        object.set("open", .bool(open))
        guard let rules = event.registration.rules else {
            object.set("status", .string(AvailabilityStatus.noRegistration.rawValue))
            return object.value
        }
        object.setIfPresent("opensAt", Self.instant(rules.opensAt, event))
        object.setIfPresent("closesAt", Self.instant(rules.deadline, event))
        let confirmed = state.confirmedCount(eventId: event.id)
        object.setIfPresent("capacity", rules.capacity.map { .int($0) })
        object.set("confirmed", .int(confirmed))
        // Never negative: an organiser may lower the capacity below the places already confirmed.
        let remaining = rules.capacity.map { max(0, $0 - confirmed) }
        object.setIfPresent("remaining", remaining.map { .int($0) })
        var waitingRemaining: Int?
        if let waitingList = rules.waitingList {
            let waiting = state.waitingCount(eventId: event.id)
            waitingRemaining = waitingList.capacity.map { max(0, $0 - waiting) }
            var list = JSONObject()
            list.setIfPresent("capacity", waitingList.capacity.map { .int($0) })
            list.set("waiting", .int(waiting))
            list.setIfPresent("remaining", waitingRemaining.map { .int($0) })
            object.set("waitingList", list.value)
        }
        let status = AvailabilityStatus(open: open, opensLater: conflict.map(Self.isNotOpenYet) ?? false,
                                        remaining: remaining, waitingList: rules.waitingList != nil,
                                        waitingRemaining: waitingRemaining)
        object.set("status", .string(status.rawValue))
        return object.value
    }

    /// Whether the window refused only because it has not opened yet (a cancelled event is closed, whatever
    /// `opensAt` says).
    private static func isNotOpenYet(_ conflict: Conflict) -> Bool {
        if case .registrationNotOpenYet = conflict { return true }
        return false
    }
}

/// What a front-end shows next to a registration form (`status` of `GET /events/{id}/availability`): the window
/// (`Event.acceptsRegistrations(at:)`) first, then the places, in the order `AgoraState.register` decides.
enum AvailabilityStatus: String, Sendable {
    /// The event takes no registration (`registration: none`).
    case noRegistration
    /// The window has not opened yet (`opensAt` in the future).
    case notYetOpen
    /// A registration now would be confirmed.
    case open
    /// Confirmed places are taken; a registration now would wait (the waiting list has room).
    case waitingList
    /// Places and waiting list are taken: a registration now is refused.
    case full
    /// The window is past (deadline, end of the event) or the event is cancelled.
    case closed

    /// For a registration-required event. `remaining`/`waitingRemaining` nil: no limit.
    init(open: Bool, opensLater: Bool, remaining: Int?, waitingList: Bool, waitingRemaining: Int?) {
        if !open {
            self = opensLater ? .notYetOpen : .closed
        } else if remaining.map({ $0 > 0 }) ?? true {
            self = .open
        } else if waitingList, waitingRemaining.map({ $0 > 0 }) ?? true {
            self = .waitingList
        } else {
            self = .full
        }
    }
}
