extension AgoraState {
    /// Applies a command read back from a journal: as `apply`, but a track or room its event or slot names without
    /// declaring first becomes a declared one (`Event.declaringReferencedTracksAndRooms()`). A journal holds only
    /// commands that were accepted when written, so this changes nothing for commands written since tracks and rooms
    /// are named things, and lets older journals (where a slot's `track` was a free string) replay.
    public mutating func replay(_ command: Command) throws(DomainError) -> CommandOutcome {
        switch command {
        case .createEvent(let event):
            return try apply(.createEvent(event: event.declaringReferencedTracksAndRooms()))
        case .updateEvent(let event):
            return try apply(.updateEvent(event: event.declaringReferencedTracksAndRooms()))
        case .createSlot(let eventId, let slot), .updateSlot(let eventId, let slot):
            guard let before = events[eventId] else { return try apply(command) }
            var probe = before
            probe.programme.append(slot)
            probe = probe.declaringReferencedTracksAndRooms()
            var declared = before
            (declared.tracks, declared.rooms) = (probe.tracks, probe.rooms)
            events[eventId] = declared
            do { return try apply(command) } catch {
                events[eventId] = before
                throw error
            }
        default:
            return try apply(command)
        }
    }
}
