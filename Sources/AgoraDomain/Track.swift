/// A named strand of an event's programme: a working group ("Bildung"), a parallel session series. Slots refer to
/// it by `id`; the event lists its tracks in the organiser's order, which is the order every view and export shows
/// them in (a track's position in `Event.tracks` is its order — never sorted by id or name). The main programme is
/// no track: its slots have none. JSON: `{"id": "bildung", "name": {"de": "Bildung"}, "room": "salle-1"}`.
public struct Track: Codable, Hashable, Sendable, Identifiable {
    /// A slug, unique within its event.
    public var id: String
    public var name: LocalizedText
    /// The id of the room the track meets in, when its slots share one (a slot may name its own).
    public var room: String?

    public init(id: String, name: LocalizedText, room: String? = nil) {
        self.id = id
        self.name = name
        self.room = room
    }
}
