import AgoraDomain
import HTTPServer

/// `GET /events`: filters, default window and cursor pagination (RFC 8288 `Link: <…>; rel="next"`).
struct EventListing {
    static let defaultLimit = 20
    static let maxLimit = 100

    let request: Request
    let query: QueryReader

    init(request: Request) {
        self.request = request
        self.query = QueryReader(request: request)
    }

    func render(_ representation: inout Representation, path: String) throws -> (JSONValue, HTTPHeaders) {
        let state = representation.state
        let now = representation.now
        let (from, to) = try query.range()
        let past = try query.bool("past")
        let limit = try query.integer("limit", in: 1...Self.maxLimit) ?? Self.defaultLimit
        let cursor = try query.string("cursor").map { token throws(QueryError) in try EventCursor(token: token) }
        let series = query.string("series").map(TextFolding.fold)
        let city = query.string("city").map(TextFolding.fold)

        // Without a range or ?past=true only what is not over yet (upcoming and ongoing); a range is explicit.
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
            next = nextLink(path: path, cursor: EventCursor(after: last).token)
        }
        var headers = HTTPHeaders()
        // RFC 8288 §3: a URI reference, resolved against the request URI.
        if let next { headers.add("Link", "<\(next)>; rel=\"next\"") }
        let items = page.map { representation.eventSummary($0) }
        return (.object([("items", .array(items)), ("next", .string(next))]), headers)
    }

    /// The same request with `cursor` replaced: a relative reference, resolved against the request URI.
    private func nextLink(path: String, cursor: String) -> String {
        var parts = (request.head.target.query ?? "").split(separator: "&")
            .filter { !$0.hasPrefix("cursor=") && $0 != "cursor" }.map(String.init)
        parts.append("cursor=\(cursor)")
        return path + "?" + parts.joined(separator: "&")
    }
}
