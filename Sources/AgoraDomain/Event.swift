/// A conference or gathering, identified by a stable slug (`assises-sociales-2025`).
///
/// Programme slots live inside the event because they have no meaning without it (their times are
/// checked against its days). Partners are separate entities linked by id, since one partner serves
/// many events. JSON: the property names below; optional properties are omitted when absent, and list
/// properties may be omitted on input (they default to empty).
public struct Event: Hashable, Sendable, Identifiable {
    public var id: String
    /// The recurring series, e.g. "Assises sociales", "QuattroPole".
    public var series: String?
    /// Edition number within the series (the 2025 Assises sociales are the 5th).
    public var edition: Int?
    public var title: LocalizedText
    /// Subtitle, motto or theme of the edition.
    public var theme: LocalizedText?
    public var description: LocalizedText?
    /// A remark about the programme as a whole (e.g. "information stands and several talks").
    public var programmeNote: LocalizedText?
    public var startsAt: Instant
    /// Nil when the source gives no end; the event then ends with the day it starts on.
    public var endsAt: Instant?
    /// IANA zone whose wall clock the programme is published in (`Europe/Luxembourg`).
    public var timeZone: String
    /// The language text falls back to when the requested one is missing.
    public var defaultLanguage: String
    /// Languages used on site, as BCP 47 tags.
    public var languages: [String]
    public var interpretation: [Interpretation]
    public var accessibility: LocalizedText?
    public var venue: Venue?
    public var organisers: [Organiser]
    public var contacts: [Contact]
    /// Departments or services of the organiser taking part (not partners).
    public var participatingServices: [LocalizedText]
    /// Nil when the source does not say; `true` for "open to the public".
    public var openToPublic: Bool?
    public var status: EventStatus
    public var registration: RegistrationPolicy
    /// The parallel strands of the programme, in the organiser's order (see `Track`).
    public var tracks: [Track]
    /// The rooms slots and tracks refer to.
    public var rooms: [Room]
    public var programme: [ProgrammeSlot]
    /// Partner ids in published order.
    public var partnerIds: [String]
    /// How often the event's own fields (not its slots') changed since it was created; calendars read it as the
    /// event's SEQUENCE. Kept by the domain (`stamped(against:)`).
    public var revision: Int
    /// When the event's own fields last changed; nil for data from before it was kept.
    public var modifiedAt: Instant?

    public init(
        id: String, series: String? = nil, edition: Int? = nil, title: LocalizedText,
        theme: LocalizedText? = nil, description: LocalizedText? = nil, programmeNote: LocalizedText? = nil,
        startsAt: Instant, endsAt: Instant? = nil, timeZone: String, defaultLanguage: String,
        languages: [String] = [], interpretation: [Interpretation] = [], accessibility: LocalizedText? = nil,
        venue: Venue? = nil, organisers: [Organiser] = [], contacts: [Contact] = [],
        participatingServices: [LocalizedText] = [], openToPublic: Bool? = nil, status: EventStatus = .scheduled,
        registration: RegistrationPolicy = .none, tracks: [Track] = [], rooms: [Room] = [],
        programme: [ProgrammeSlot] = [], partnerIds: [String] = [], revision: Int = 0, modifiedAt: Instant? = nil
    ) {
        self.id = id
        self.series = series
        self.edition = edition
        self.title = title
        self.theme = theme
        self.description = description
        self.programmeNote = programmeNote
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.timeZone = timeZone
        self.defaultLanguage = defaultLanguage
        self.languages = languages
        self.interpretation = interpretation
        self.accessibility = accessibility
        self.venue = venue
        self.organisers = organisers
        self.contacts = contacts
        self.participatingServices = participatingServices
        self.openToPublic = openToPublic
        self.status = status
        self.registration = registration
        self.tracks = tracks
        self.rooms = rooms
        self.programme = programme
        self.partnerIds = partnerIds
        self.revision = revision
        self.modifiedAt = modifiedAt
    }
}

/// What the organiser says about the event; whether it is over is not stored but derived from time.
public enum EventStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case scheduled, cancelled, postponed
}

/// Where an event stands relative to a given `now`.
public enum EventPhase: String, Codable, Hashable, Sendable {
    case upcoming, ongoing, past
}

extension Event {
    /// The local calendar days the event covers, first and last (equal for a one-day event).
    public var days: ClosedRange<LocalDate> {
        let first = startsAt.localDateTime(inZone: timeZone).date
        let last = (endsAt ?? startsAt).localDateTime(inZone: timeZone).date
        return first...max(first, last)
    }

    /// The end used for "is it over": `endsAt`, or else the midnight that ends the last day.
    public var effectiveEnd: Instant {
        if let endsAt { return endsAt }
        return days.upperBound.adding(days: 1).start(inZone: timeZone) ?? startsAt.adding(seconds: 86_400)
    }

    public func phase(at now: Instant) -> EventPhase {
        if now < startsAt { return .upcoming }
        return now < effectiveEnd ? .ongoing : .past
    }

    public func isPast(at now: Instant) -> Bool { phase(at: now) == .past }

    public func slot(withId slotId: String) -> ProgrammeSlot? {
        // By index: `first(where:)` copies each slot it looks at (a registration for a slot of a 50-slot event
        // copied 25 of them on average).
        programme.firstIndex { $0.id == slotId }.map { programme[$0] }
    }
}

extension Event: Codable {
    enum CodingKeys: String, CodingKey {
        case id, series, edition, title, theme, description, programmeNote, startsAt, endsAt, timeZone
        case defaultLanguage, languages, interpretation, accessibility, venue, organisers, contacts
        case participatingServices, openToPublic, status, registration, tracks, rooms, programme, partnerIds
        case revision, modifiedAt
    }

    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try values.decode(String.self, forKey: .id),
            series: try values.decodeIfPresent(String.self, forKey: .series),
            edition: try values.decodeIfPresent(Int.self, forKey: .edition),
            title: try values.decode(LocalizedText.self, forKey: .title),
            theme: try values.decodeIfPresent(LocalizedText.self, forKey: .theme),
            description: try values.decodeIfPresent(LocalizedText.self, forKey: .description),
            programmeNote: try values.decodeIfPresent(LocalizedText.self, forKey: .programmeNote),
            startsAt: try values.decode(Instant.self, forKey: .startsAt),
            endsAt: try values.decodeIfPresent(Instant.self, forKey: .endsAt),
            timeZone: try values.decode(String.self, forKey: .timeZone),
            defaultLanguage: try values.decode(String.self, forKey: .defaultLanguage),
            languages: try values.decodeIfPresent([String].self, forKey: .languages) ?? [],
            interpretation: try values.decodeIfPresent([Interpretation].self, forKey: .interpretation) ?? [],
            accessibility: try values.decodeIfPresent(LocalizedText.self, forKey: .accessibility),
            venue: try values.decodeIfPresent(Venue.self, forKey: .venue),
            organisers: try values.decodeIfPresent([Organiser].self, forKey: .organisers) ?? [],
            contacts: try values.decodeIfPresent([Contact].self, forKey: .contacts) ?? [],
            participatingServices: try values.decodeIfPresent([LocalizedText].self, forKey: .participatingServices) ?? [],
            openToPublic: try values.decodeIfPresent(Bool.self, forKey: .openToPublic),
            status: try values.decodeIfPresent(EventStatus.self, forKey: .status) ?? .scheduled,
            registration: try values.decodeIfPresent(RegistrationPolicy.self, forKey: .registration) ?? .none,
            tracks: try values.decodeIfPresent([Track].self, forKey: .tracks) ?? [],
            rooms: try values.decodeIfPresent([Room].self, forKey: .rooms) ?? [],
            programme: try values.decodeIfPresent([ProgrammeSlot].self, forKey: .programme) ?? [],
            partnerIds: try values.decodeIfPresent([String].self, forKey: .partnerIds) ?? [],
            revision: try values.decodeIfPresent(Int.self, forKey: .revision) ?? 0,
            modifiedAt: try values.decodeIfPresent(Instant.self, forKey: .modifiedAt)
        )
    }
}
