import AgoraDomain

/// Where each slot of an event goes in a schedule: its room, its track's name, and its end (`Event.effectiveEnd(of:)`:
/// the slot's own, or for a slot published with only a start the model's default-duration rule).
///
/// Apps draw a column per room, so parallel tracks must be rooms of their own: a slot's room is the event's room it
/// names (or its track's), else its track — named after the track ("Bildung") — else the main room, the venue's.
struct ScheduleTimeline {
    struct Placed {
        let slot: ProgrammeSlot
        let room: String
        let track: String?
        let end: Instant
    }

    /// Time order; equal starts keep the organiser's order.
    let placed: [Placed]
    /// The main room first, then the rooms of the tracks in the event's track order, then any other room.
    let rooms: [Schedule.Room]
    /// The event's tracks, in its order.
    let tracks: [Schedule.Track]

    init(event: Event, choice language: inout ExportLanguage) {
        let defaultLanguage = event.defaultLanguage
        let programme = event.programme.indices
            .sorted { (event.programme[$0].startsAt, $0) < (event.programme[$1].startsAt, $1) }
            .map { event.programme[$0] }
        let mainRoom = event.venue?.name ?? (language.text(event.title, defaultLanguage: defaultLanguage) ?? event.id)
        var trackNames: [String: String] = [:]
        var tracks: [Schedule.Track] = []
        for track in event.tracks {
            let name = language.text(track.name, defaultLanguage: defaultLanguage) ?? track.id
            trackNames[track.id] = name
            tracks.append(Schedule.Track(name: name, slug: track.id))
        }
        var placed: [Placed] = []
        for slot in programme {
            let track = slot.track.map { trackNames[$0] ?? $0 }
            let room = event.room(of: slot).map { language.text($0.name, defaultLanguage: defaultLanguage) ?? $0.id }
                ?? track ?? mainRoom
            placed.append(Placed(slot: slot, room: room, track: track, end: event.effectiveEnd(of: slot)))
        }
        // Column order: the main programme, then the tracks as the organiser lists them, then what is left.
        let trackOrder = Dictionary(event.tracks.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var rank: [String: (Int, Int)] = [:]
        for (position, item) in placed.enumerated() where rank[item.room] == nil {
            let group = item.room == mainRoom ? 0 : item.slot.track.flatMap { trackOrder[$0] }.map { 1 + $0 } ?? Int.max
            rank[item.room] = (group, position)
        }
        self.placed = placed
        self.tracks = tracks
        rooms = rank.keys.sorted { rank[$0, default: (0, 0)] < rank[$1, default: (0, 0)] }.map {
            Schedule.Room(name: $0, guid: NameBasedUUID(name: "urn:agora:event:\(event.id):room:\($0)").description)
        }
    }
}
