import AgoraDomain
import HTTPServer

/// `GET /programme`: slots across events ("what's on today"), in time order, filtered by `date`, `from`, `to`,
/// `event`, `track`. Without any of `date`/`from`/`to`/`event` (or with `?past=false`), slots of past events are
/// left out, like `/events`.
struct ProgrammeListing {
    let query: QueryReader

    init(request: Request) {
        self.query = QueryReader(request: request)
    }

    func render(_ representation: inout Representation) throws -> JSONValue {
        let state = representation.state
        let (from, to) = try query.range()
        let date = try query.date("date")
        let past = try query.bool("past")
        let eventId = query.string("event")
        let track = query.string("track").map(TextFolding.fold)
        if let eventId, state.events[eventId] == nil { throw APIError.domain(.notFound(.event, id: eventId)) }

        let includePast = past ?? (from != nil || to != nil || date != nil || eventId != nil)
        var rows: [(slot: ProgrammeSlot, event: Event, value: JSONValue)] = []
        for event in state.eventsByStart {
            if let eventId, event.id != eventId { continue }
            if !includePast && event.isPast(at: representation.now) { continue }
            let slots = state.slotsInTimeOrder(ofEvent: event.id)
            for slot in slots {
                if let track, TextFolding.fold(slot.track ?? "") != track { continue }
                if let date, slot.startsAt.localDateTime(inZone: event.timeZone).date != date { continue }
                if let from {
                    let lower = from.lowerInstant(inZone: event.timeZone)
                    if let end = slot.endsAt { if end <= lower { continue } } else if slot.startsAt < lower { continue }
                }
                if let to, slot.startsAt >= to.upperInstantExclusive(inZone: event.timeZone) { continue }
                let parallel = slots.contains { $0.id != slot.id && $0.track != slot.track && $0.overlaps(slot) }
                rows.append((slot, event, representation.slot(slot, of: event, parallel: parallel, withEvent: true)))
            }
        }
        rows.sort { ($0.slot.startsAt, $0.event.id, $0.slot.id) < ($1.slot.startsAt, $1.event.id, $1.slot.id) }
        return .object([("items", .array(rows.map(\.value)))])
    }
}
