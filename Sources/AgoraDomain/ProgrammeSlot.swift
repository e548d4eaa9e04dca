/// One item of an event's programme.
///
/// `endsAt` is optional because sources publish items with only a start ("9:00 Anmeldung und Empfang").
/// Parallel sessions (the QuattroPole working groups) share a time and differ by `track`, the id of one of the
/// event's `tracks`; slots of the main programme have no track. `room` is the id of one of the event's `rooms`
/// (a slot without one meets in its track's room, `Event.room(of:)`). JSON: the property names; `speakers` may be
/// omitted on input.
public struct ProgrammeSlot: Hashable, Sendable, Identifiable {
    /// Unique within its event.
    public var id: String
    public var startsAt: Instant
    public var endsAt: Instant?
    public var kind: SlotKind
    public var title: LocalizedText
    public var description: LocalizedText?
    /// BCP 47 tag of the language spoken, when the source says.
    public var spokenLanguage: String?
    public var speakers: [Speaker]
    /// The id of one of the event's `tracks`; nil for the main programme.
    public var track: String?
    /// The id of one of the event's `rooms`; nil when the track's room (or none) applies.
    public var room: String?
    /// How often the slot changed since it was created (0: never), kept by the domain (`Event.stamped(against:)`):
    /// calendars read it as SEQUENCE (RFC 5545 §3.8.7.4), so it moves only when this slot does.
    public var revision: Int
    /// When the slot last changed (its creation, else its latest change); nil for data from before it was kept.
    public var modifiedAt: Instant?

    public init(id: String, startsAt: Instant, endsAt: Instant? = nil, kind: SlotKind, title: LocalizedText,
                description: LocalizedText? = nil, spokenLanguage: String? = nil, speakers: [Speaker] = [],
                track: String? = nil, room: String? = nil, revision: Int = 0, modifiedAt: Instant? = nil) {
        self.id = id
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.kind = kind
        self.title = title
        self.description = description
        self.spokenLanguage = spokenLanguage
        self.speakers = speakers
        self.track = track
        self.room = room
        self.revision = revision
        self.modifiedAt = modifiedAt
    }
}

public enum SlotKind: String, Codable, Hashable, Sendable, CaseIterable {
    case talk, keynote, panel, workshop, workingGroup, discussion
    case `break`, meal, reception, registration, opening, closing, other
}

/// Someone on stage. `organisation` is the name as published; `partnerId` links it to a partner
/// when the organisation is one (e.g. "CNDS" → Comité National de Défense Sociale).
public struct Speaker: Codable, Hashable, Sendable {
    public var name: String
    public var role: LocalizedText?
    public var organisation: String?
    public var partnerId: String?

    public init(name: String, role: LocalizedText? = nil, organisation: String? = nil, partnerId: String? = nil) {
        self.name = name
        self.role = role
        self.organisation = organisation
        self.partnerId = partnerId
    }
}

extension ProgrammeSlot {
    /// Two slots overlap when one starts while the other runs. A slot without an end is treated as
    /// an instant: it overlaps a slot whose [start, end) contains its start, or one starting with it.
    public func overlaps(_ other: ProgrammeSlot) -> Bool {
        func covers(_ slot: ProgrammeSlot, _ instant: Instant) -> Bool {
            guard let end = slot.endsAt else { return slot.startsAt == instant }
            return slot.startsAt <= instant && instant < end
        }
        if let end = endsAt, let otherEnd = other.endsAt {
            return startsAt < otherEnd && other.startsAt < end
        }
        return covers(self, other.startsAt) || covers(other, startsAt)
    }
}

extension ProgrammeSlot: Codable {
    enum CodingKeys: String, CodingKey {
        case id, startsAt, endsAt, kind, title, description, spokenLanguage, speakers, track, room, revision, modifiedAt
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try values.decode(String.self, forKey: .id),
            startsAt: try values.decode(Instant.self, forKey: .startsAt),
            endsAt: try values.decodeIfPresent(Instant.self, forKey: .endsAt),
            kind: try values.decode(SlotKind.self, forKey: .kind),
            title: try values.decode(LocalizedText.self, forKey: .title),
            description: try values.decodeIfPresent(LocalizedText.self, forKey: .description),
            spokenLanguage: try values.decodeIfPresent(String.self, forKey: .spokenLanguage),
            speakers: try values.decodeIfPresent([Speaker].self, forKey: .speakers) ?? [],
            track: try values.decodeIfPresent(String.self, forKey: .track),
            room: try values.decodeIfPresent(String.self, forKey: .room),
            revision: try values.decodeIfPresent(Int.self, forKey: .revision) ?? 0,
            modifiedAt: try values.decodeIfPresent(Instant.self, forKey: .modifiedAt)
        )
    }

    /// As synthesized, but `revision` only once the slot changed: most slots never do, and every journal line and
    /// snapshot would otherwise carry `"revision":0` for each of them.
    public func encode(to encoder: any Encoder) throws {
        var values = encoder.container(keyedBy: CodingKeys.self)
        try values.encode(id, forKey: .id)
        try values.encode(startsAt, forKey: .startsAt)
        try values.encodeIfPresent(endsAt, forKey: .endsAt)
        try values.encode(kind, forKey: .kind)
        try values.encode(title, forKey: .title)
        try values.encodeIfPresent(description, forKey: .description)
        try values.encodeIfPresent(spokenLanguage, forKey: .spokenLanguage)
        try values.encode(speakers, forKey: .speakers)
        try values.encodeIfPresent(track, forKey: .track)
        try values.encodeIfPresent(room, forKey: .room)
        if revision != 0 { try values.encode(revision, forKey: .revision) }
        try values.encodeIfPresent(modifiedAt, forKey: .modifiedAt)
    }
}
