import AgoraDomain
import HTTPServer

/// `GET /programme`: slots across events ("what's on today"), in time order, filtered by `date`, `from`, `to`,
/// `event`, `track`, `kind` (a list of slot kinds: "only the working groups") and `inLanguage` (the language spoken:
/// the slot's `spokenLanguage`, else the event's `languages`; "only French sessions"), in cursor pages (`limit`, `cursor`). Without `past`, slots of past events are left out unless
/// one of `date`/`from`/`to`/`event` is given (an explicit window); `past=true` includes them, `past=false` never.
/// Slots starting together come in their event's order (`AgoraState.slotsInTimeOrder(ofEvent:)`: the order the
/// organiser gave), events starting together by id.
struct ProgrammeListing {
    static let cursorKind = "programme"

    /// The request's query, read once (`QueryReader` keeps the request for the next page's link).
    let query: QueryReader

    func render(_ representation: inout Representation) throws -> (JSONValue, HTTPHeaders) {
        let state = representation.state
        var rows = try self.rows(in: state, at: representation.now)
        let limit = try query.integer("limit", in: 1...ListPage.maxLimit) ?? ListPage.defaultLimit
        let cursor = try query.string("cursor").map { token throws(QueryError) in
            try ListCursor(token: token, kind: Self.cursorKind, count: 3)
        }
        if let cursor { rows = Self.rows(rows, after: cursor, in: state) }

        let page = rows.prefix(limit)
        var items: [JSONValue] = []
        items.reserveCapacity(page.count)
        for row in page {
            items.append(representation.slot(row.slot, of: row.event, parallel: row.parallel, withEvent: true))
        }
        var next: String?
        if rows.count > limit, let last = page.last {
            next = ListPage.nextLink(query.request, cursor: ListCursor(kind: Self.cursorKind, parts: [
                String(last.slot.startsAt.secondsSince1970), last.event.id, last.slot.id,
            ]).token)
        }
        return ListPage.answer(items, next: next)
    }

    /// Every slot the filters keep, in the list's order (the calendar feed takes them all, unpaged).
    func rows(in state: AgoraState, at now: Instant) throws -> [Row] {
        let (from, to) = try query.range()
        let date = try query.date("date")
        let past = try query.bool("past")
        let eventId = query.string("event")
        let track = query.string("track").map(TextFolding.fold)
        let kinds = try query.slotKinds("kind")
        let spoken = try query.languageTag("inLanguage")
        if let eventId, state.events[eventId] == nil { throw APIError.domain(.notFound(.event, id: eventId)) }

        let includePast = past ?? (from != nil || to != nil || date != nil || eventId != nil)
        var rows: [Row] = []
        for event in state.eventsByStart {
            if let eventId, event.id != eventId { continue }
            if !includePast && event.isPast(at: now) { continue }
            let slots = state.slotsInTimeOrder(ofEvent: event.id)
            for (position, slot) in slots.enumerated() {
                if let track, TextFolding.fold(slot.track ?? "") != track { continue }
                if let kinds, !kinds.contains(slot.kind) { continue }
                if let spoken, !Self.isSpoken(in: spoken, slot, of: event) { continue }
                if let date, slot.startsAt.localDateTime(inZone: event.timeZone).date != date { continue }
                if let from {
                    let lower = from.lowerInstant(inZone: event.timeZone)
                    if let end = slot.endsAt { if end <= lower { continue } } else if slot.startsAt < lower { continue }
                }
                if let to, slot.startsAt >= to.upperInstantExclusive(inZone: event.timeZone) { continue }
                let parallel = slots.contains { $0.id != slot.id && $0.track != slot.track && $0.overlaps(slot) }
                rows.append(Row(slot: slot, event: event, position: position, parallel: parallel))
            }
        }
        rows.sort { ($0.slot.startsAt, $0.event.id, $0.position) < ($1.slot.startsAt, $1.event.id, $1.position) }
        return rows
    }

    /// Whether `slot` is held in the language whose primary subtag is `primary`: its own `spokenLanguage` when the
    /// source says, else any of the event's `languages` (an event interpreted between de and fr is held in both).
    static func isSpoken(in primary: String, _ slot: ProgrammeSlot, of event: Event) -> Bool {
        let tags = slot.spokenLanguage.map { [$0] } ?? event.languages
        return tags.contains { tag in
            (tag.split(separator: "-", maxSplits: 1).first.map { $0.lowercased() } ?? "") == primary
        }
    }

    struct Row {
        let slot: ProgrammeSlot
        let event: Event
        /// Its place in the event's programme order, the tie-break between slots starting together.
        let position: Int
        /// It overlaps a slot of another track of its event.
        let parallel: Bool
    }

    /// The rows after the one a cursor names (start, event, slot). Slots starting together are ordered by their
    /// place in the event's programme: when the named slot is gone from that start, the rows at that start are
    /// shown again rather than risk skipping one.
    private static func rows(_ rows: [Row], after cursor: ListCursor, in state: AgoraState) -> [Row] {
        let seconds = Int64(cursor.parts[0]) ?? Int64.min
        let eventId = cursor.parts[1]
        let resume = state.slotsInTimeOrder(ofEvent: eventId).firstIndex {
            $0.id == cursor.parts[2] && $0.startsAt.secondsSince1970 == seconds
        }
        return rows.filter { row in
            let key = (row.slot.startsAt.secondsSince1970, row.event.id)
            if key != (seconds, eventId) { return key > (seconds, eventId) }
            return resume.map { row.position > $0 } ?? true
        }
    }
}
