/// A room of an event's venue; slots and tracks refer to it by `id`. JSON:
/// `{"id": "salle-des-fetes", "name": {"fr": "Salle des fêtes"}, "capacity": 120, "accessibility": {"fr": "…"}}`.
public struct Room: Codable, Hashable, Sendable, Identifiable {
    /// A slug, unique within its event.
    public var id: String
    public var name: LocalizedText
    /// Seats, when published.
    public var capacity: Int?
    /// Step-free access, an induction loop, … as the organiser words it.
    public var accessibility: LocalizedText?

    public init(id: String, name: LocalizedText, capacity: Int? = nil, accessibility: LocalizedText? = nil) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.accessibility = accessibility
    }
}
