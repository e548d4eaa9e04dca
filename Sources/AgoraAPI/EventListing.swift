import AgoraDomain
import HTTPServer

/// `GET /events`: filters, default window and cursor pagination (RFC 8288 `Link: <…>; rel="next"`, `ListPage`).
struct EventListing {
    static let defaultLimit = 20
    static let maxLimit = 100

    /// The request's query, read once (`QueryReader` keeps the request for the next page's link).
    let query: QueryReader

    func render(_ representation: inout Representation) throws -> (JSONValue, HTTPHeaders) {
        let state = representation.state
        let now = representation.now
        let (from, to) = try query.range()
        let past = try query.bool("past")
        let limit = try query.integer("limit", in: 1...Self.maxLimit) ?? Self.defaultLimit
        let cursor = try query.string("cursor").map { token throws(QueryError) in try EventCursor(token: token) }
        let series = query.string("series").map(TextFolding.fold)
        let city = query.string("city").map(TextFolding.fold)

        // `past` absent: past events only inside an explicit range (`from`/`to`), else only what is not over yet.
        // No single default says that, so the spec states none (a generated client would send it, issue 10 item 2);
        // `past=false` leaves past events out of a range too, `past=true` adds them to any query.
        let includePast = past ?? (from != nil || to != nil)
        var events = query.string("q").map { state.searchEvents(matching: $0) } ?? state.eventsByStart
        events = events.filter { event in
            if !includePast && event.isPast(at: now) { return false }
            if let from, event.effectiveEnd <= from.lowerInstant(inZone: event.timeZone) { return false }
            if let to, event.startsAt >= to.upperInstantExclusive(inZone: event.timeZone) { return false }
            if let series, TextFolding.fold(event.series ?? "") != series { return false }
            if let city, !TextFolding.fold(event.venue?.city ?? "").contains(city) { return false }
            if let cursor, !cursor.precedes(event) { return false }
            return true
        }
        let page = events.prefix(limit)
        var next: String?
        if events.count > limit, let last = page.last {
            next = ListPage.nextLink(query.request, cursor: EventCursor(after: last).token)
        }
        return ListPage.answer(page.map { representation.eventSummary($0) }, next: next)
    }
}
