/// Read-side helpers for the API: pure functions of the state, deterministic in their ordering.
extension AgoraState {
    /// All events by start, then id (so two events starting together always come in the same order).
    public var eventsByStart: [Event] {
        events.values.sorted { ($0.startsAt, $0.id) < ($1.startsAt, $1.id) }
    }

    /// Events not yet over at `now` (upcoming or ongoing), soonest first.
    public func upcomingEvents(at now: Instant) -> [Event] {
        eventsByStart.filter { !$0.isPast(at: now) }
    }

    /// The first instant after `now` at which something the state says changes by time alone: an event starts or
    /// ends, or its registration opens or closes (`Event.timeBoundaries`); nil when none lies ahead. A cached
    /// representation of the state is stale from then on even though no write happened.
    public func nextPhaseChange(after now: Instant) -> Instant? {
        var next: Instant?
        for event in events.values {
            for boundary in event.timeBoundaries where boundary > now {
                if next.map({ boundary < $0 }) ?? true { next = boundary }
            }
        }
        return next
    }

    /// Events over at `now`, most recent first.
    public func pastEvents(at now: Instant) -> [Event] {
        eventsByStart.filter { $0.isPast(at: now) }.reversed()
    }

    /// The event's slots in time order: by start, and slots starting together (parallel working groups) in the
    /// order the organiser gave them in the event's `programme` — never by id or track name, which would reorder
    /// "wohnen, gesundheit, jugend" alphabetically.
    public func slotsInTimeOrder(ofEvent eventId: String) -> [ProgrammeSlot] {
        let programme = events[eventId]?.programme ?? []
        return programme.indices.sorted { lhs, rhs in
            (programme[lhs].startsAt, lhs) < (programme[rhs].startsAt, rhs)
        }.map { programme[$0] }
    }

    /// The event's programme grouped by track: the main track (nil) first, then the event's tracks in the
    /// organiser's order (`Event.tracks`; a declared track without slots has an empty group), then any track a slot
    /// names that the event does not declare; slots inside each group in time order.
    public func programmeByTrack(ofEvent eventId: String) -> [ProgrammeTrack] {
        var tracks: [ProgrammeTrack] = [ProgrammeTrack(track: nil, slots: [])]
        tracks += (events[eventId]?.tracks ?? []).map { ProgrammeTrack(track: $0.id, slots: []) }
        for slot in slotsInTimeOrder(ofEvent: eventId) {
            if let index = tracks.firstIndex(where: { $0.track == slot.track }) {
                tracks[index].slots.append(slot)
            } else {
                tracks.append(ProgrammeTrack(track: slot.track, slots: [slot]))
            }
        }
        if tracks[0].slots.isEmpty { tracks.removeFirst() }
        return tracks
    }

    /// Partners linked to the event, in the order the event lists them.
    public func partners(ofEvent eventId: String) -> [Partner] {
        (events[eventId]?.partnerIds ?? []).compactMap { partners[$0] }
    }

    /// Events that list the partner or have one of its people on stage, by start.
    public func events(ofPartner partnerId: String) -> [Event] {
        eventsByStart.filter { event in
            event.partnerIds.contains(partnerId)
                || event.programme.contains { $0.speakers.contains { $0.partnerId == partnerId } }
        }
    }

    /// Partners by name, ignoring case and accents ("Œuvre" sorts as "oeuvre").
    public var partnersByName: [Partner] {
        partners.values.sorted { (TextFolding.fold($0.name), $0.id) < (TextFolding.fold($1.name), $1.id) }
    }

    /// Events matching every word of `query`, ignoring case and accents ("oeuvre" finds "Œuvre",
    /// "zeralda" finds "Zeralda"), in any language, over title, theme, description, series, programme
    /// (titles, speakers with roles and organisations), venue and partners (names, sub-units). By start.
    public func searchEvents(matching query: String) -> [Event] {
        let words = Self.words(of: query)
        guard !words.isEmpty else { return eventsByStart }
        return eventsByStart.filter { event in
            let haystack = TextFolding.fold(searchableText(of: event))
            return words.allSatisfy { haystack.contains($0) }
        }
    }

    /// Partners whose name or sub-units match every word of `query` (ignoring case and accents).
    public func searchPartners(matching query: String) -> [Partner] {
        let words = Self.words(of: query)
        return partnersByName.filter { partner in
            let haystack = TextFolding.fold(([partner.name] + partner.subUnits).joined(separator: "\n"))
            return words.allSatisfy { haystack.contains($0) }
        }
    }

    private static func words(of query: String) -> [String] {
        TextFolding.fold(query).split(whereSeparator: \.isWhitespace).map(String.init)
    }

    private func searchableText(of event: Event) -> String {
        var parts: [String] = [event.id, event.series ?? ""]
        let texts = [event.title, event.theme, event.description, event.programmeNote].compactMap { $0 }
            + event.participatingServices + event.organisers.map(\.name)
        parts += texts.flatMap { $0.texts.values }
        if let venue = event.venue { parts += [venue.name, venue.city ?? ""] }
        for slot in event.programme {
            parts += slot.title.texts.values
            parts += slot.description?.texts.values.map { $0 } ?? []
            for speaker in slot.speakers {
                parts += [speaker.name, speaker.organisation ?? ""] + (speaker.role?.texts.values.map { $0 } ?? [])
            }
        }
        for partner in partners(ofEvent: event.id) { parts += [partner.name] + partner.subUnits }
        return parts.joined(separator: "\n")
    }
}

/// The slots of one track of an event's programme (`track` nil: the main programme).
public struct ProgrammeTrack: Hashable, Sendable {
    public var track: String?
    public var slots: [ProgrammeSlot]

    public init(track: String?, slots: [ProgrammeSlot]) {
        self.track = track
        self.slots = slots
    }
}
