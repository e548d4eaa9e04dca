/// The schedule's named things (tracks, rooms) and the times exports need.
extension Event {
    /// How long an export lets a slot without a published end run when nothing follows it in its track.
    public static let defaultSlotDuration: Int64 = 15 * 60
    /// The longest an export lets a slot without a published end run until the next one: two hours covers the
    /// sources' longest unended items (the Assises' "Walking lunch", 12:00 until the 14:00 talk) while a gap longer
    /// than that (the end of a day, an evening item) is more likely a pause than the slot running on.
    public static let maximumOpenSlotDuration: Int64 = 2 * 60 * 60

    public func track(withId trackId: String) -> Track? {
        tracks.first { $0.id == trackId }
    }

    public func room(withId roomId: String) -> Room? {
        rooms.first { $0.id == roomId }
    }

    /// Where a slot takes place: its own room, else its track's; nil when neither names one.
    public func room(of slot: ProgrammeSlot) -> Room? {
        if let roomId = slot.room { return room(withId: roomId) }
        return slot.track.flatMap { track(withId: $0)?.room }.flatMap { room(withId: $0) }
    }

    /// The end an export gives `slot` (calendars and schedule apps need one; the JSON keeps none when the source
    /// publishes none): its `endsAt`; else the start of the next slot that begins later in the same track — a slot of
    /// the main programme ends every track's slot (the plenary resumes), and any later slot ends one of the main
    /// programme — at most `maximumOpenSlotDuration` after its start; with no such slot, `defaultSlotDuration`.
    public func effectiveEnd(of slot: ProgrammeSlot) -> Instant {
        if let endsAt = slot.endsAt { return endsAt }
        let next = programme.lazy
            .filter { $0.startsAt > slot.startsAt && ($0.track == slot.track || $0.track == nil || slot.track == nil) }
            .map(\.startsAt).min()
        guard let next else { return slot.startsAt.adding(seconds: Self.defaultSlotDuration) }
        return min(next, slot.startsAt.adding(seconds: Self.maximumOpenSlotDuration))
    }

    /// The event with a track for every track id its slots name and a room for every room id slots and tracks name,
    /// each named by its id in the default language. Data written before tracks and rooms were named things (a
    /// slot's `track` and `room` were free strings) loads this way; for data written since it changes nothing, as
    /// every write checks its references (`validate()`).
    public func declaringReferencedTracksAndRooms() -> Event {
        var event = self
        for trackId in programme.compactMap(\.track) where event.track(withId: trackId) == nil {
            event.tracks.append(Track(id: trackId, name: LocalizedText([defaultLanguage: trackId])))
        }
        for roomId in programme.compactMap(\.room) + event.tracks.compactMap(\.room) where event.room(withId: roomId) == nil {
            event.rooms.append(Room(id: roomId, name: LocalizedText([defaultLanguage: roomId])))
        }
        return event
    }
}
