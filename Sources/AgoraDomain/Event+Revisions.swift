/// Revisions: what a calendar that imported a slot needs to tell a change from a repeat (RFC 5545 SEQUENCE and
/// LAST-MODIFIED). The domain keeps them, so they survive restarts (they are in the journal's commands and in
/// snapshots) and move only when the thing itself changes — not when a neighbouring slot or the event does.
extension Event {
    /// This event as submitted (`self`, its `modifiedAt`s the time of the write) after `previous`, the stored one:
    /// the event and each slot keep their revision and `modifiedAt` when their content is unchanged, and take the
    /// previous revision + 1 and the submitted time when it changed. A new event or slot starts at revision 0. A
    /// change of `status` (a cancellation) changes every slot too: each VEVENT of the event turns CANCELLED.
    public func stamped(against previous: Event?) -> Event {
        var event = self
        let statusChanged = previous.map { $0.status != status } ?? false
        if let previous {
            if previous.ownContent == ownContent {
                (event.revision, event.modifiedAt) = (previous.revision, previous.modifiedAt)
            } else {
                (event.revision, event.modifiedAt) = (previous.revision + 1, modifiedAt ?? previous.modifiedAt)
            }
        } else {
            event.revision = 0
        }
        for index in event.programme.indices {
            let slot = event.programme[index]
            guard let old = previous?.slot(withId: slot.id) else {
                event.programme[index].revision = 0
                continue
            }
            if !statusChanged, old.content == slot.content {
                (event.programme[index].revision, event.programme[index].modifiedAt) = (old.revision, old.modifiedAt)
            } else {
                event.programme[index].revision = old.revision + 1
                event.programme[index].modifiedAt = slot.modifiedAt ?? old.modifiedAt
            }
        }
        return event
    }

    /// The event without its slots and revision data, for telling whether its own fields changed.
    private var ownContent: Event {
        var event = self
        event.programme = []
        (event.revision, event.modifiedAt) = (0, nil)
        return event
    }
}

extension ProgrammeSlot {
    /// The slot without its revision data.
    var content: ProgrammeSlot {
        var slot = self
        (slot.revision, slot.modifiedAt) = (0, nil)
        return slot
    }
}

extension Command {
    /// The command with `at` as the time of the write on what it creates or replaces (events and slots): the domain
    /// keeps it only where something changed (`Event.stamped(against:)`). The API stamps each write as it submits
    /// it, so replaying the journal gives the same times.
    public func stamped(at instant: Instant) -> Command {
        func stamp(_ event: Event) -> Event {
            var event = event
            event.modifiedAt = instant
            for index in event.programme.indices { event.programme[index].modifiedAt = instant }
            return event
        }
        func stamp(_ slot: ProgrammeSlot) -> ProgrammeSlot {
            var slot = slot
            slot.modifiedAt = instant
            return slot
        }
        switch self {
        case .createEvent(let event): return .createEvent(event: stamp(event))
        case .updateEvent(let event): return .updateEvent(event: stamp(event))
        case .createSlot(let eventId, let slot): return .createSlot(eventId: eventId, slot: stamp(slot))
        case .updateSlot(let eventId, let slot): return .updateSlot(eventId: eventId, slot: stamp(slot))
        default: return self
        }
    }
}
