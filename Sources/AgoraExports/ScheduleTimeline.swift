import AgoraDomain

/// Where each slot of an event goes in a schedule: its room (one per parallel track; the main programme in the
/// venue's room), its track's name, and its end — the slot's own, or for a slot published with only a start the
/// default duration rule's.
struct ScheduleTimeline {
    struct Placed {
        let slot: ProgrammeSlot
        let room: String
        let track: String?
        let end: Instant
    }

    /// Time order; equal starts keep the organiser's order.
    let placed: [Placed]
    /// The main room first, then each track's room in the order its first slot appears.
    let rooms: [Schedule.Room]
    let tracks: [Schedule.Track]

    init(event: Event, choice: inout TextChoice) {
        let programme = event.programme.indices
            .sorted { (event.programme[$0].startsAt, $0) < (event.programme[$1].startsAt, $1) }
            .map { event.programme[$0] }
        let mainRoom = event.venue?.name ?? (choice.text(event.title, defaultLanguage: event.defaultLanguage) ?? event.id)
        var roomNames: [String] = []
        var tracks: [Schedule.Track] = []
        var placed: [Placed] = []
        for slot in programme {
            let track = slot.track
            let room = slot.room ?? track ?? mainRoom
            if !roomNames.contains(room) { roomNames.append(room) }
            if let track, !tracks.contains(where: { $0.slug == track }) {
                tracks.append(Schedule.Track(name: track, slug: track))
            }
            placed.append(Placed(slot: slot, room: room, track: track,
                                 end: slot.endsAt ?? Self.defaultEnd(of: slot, in: programme)))
        }
        if roomNames.contains(mainRoom), roomNames.first != mainRoom {
            roomNames.removeAll { $0 == mainRoom }
            roomNames.insert(mainRoom, at: 0)
        }
        self.placed = placed
        self.tracks = tracks
        rooms = roomNames.map { Schedule.Room(name: $0, guid: NameBasedUUID(name: "urn:agora:event:\(event.id):room:\($0)").description) }
    }

    /// Until the next slot of the same track starts, at most two hours; 15 minutes when none follows.
    static func defaultEnd(of slot: ProgrammeSlot, in programme: [ProgrammeSlot]) -> Instant {
        let next = programme.filter { $0.track == slot.track && $0.startsAt > slot.startsAt }.map(\.startsAt).min()
        guard let next else { return slot.startsAt.adding(seconds: 15 * 60) }
        return min(next, slot.startsAt.adding(seconds: 2 * 3600))
    }
}
