import AgoraDomain
import HTTPServer

/// `GET /partners`: every partner by name (accents and case folded, then id), or those matching every word of
/// `q`, in cursor pages (`limit`, `cursor`: after the page's last partner, by id, wherever its name now sorts).
struct PartnerListing {
    static let cursorKind = "partners"

    /// The request's query, read once (`QueryReader` keeps the request for the next page's link).
    let query: QueryReader

    func render(_ representation: inout Representation) throws -> (JSONValue, HTTPHeaders) {
        let state = representation.state
        let limit = try query.integer("limit", in: 1...ListPage.maxLimit) ?? ListPage.defaultLimit
        let cursor = try query.string("cursor").map { token throws(QueryError) in
            try ListCursor(token: token, kind: Self.cursorKind, count: 1)
        }
        var partners = query.string("q").map { state.searchPartners(matching: $0) } ?? state.partnersByName
        if let cursor {
            // The id keeps the token short; the partner's sort key is read from the state. A page cannot resume
            // after a partner that was removed since: the client starts again from the first page.
            guard let last = state.partners[cursor.parts[0]] else {
                throw QueryError.invalid(parameter: "cursor", value: cursor.token,
                                         expected: "a cursor whose partner still exists (start again from the first page)")
            }
            let after = (TextFolding.fold(last.name), last.id)
            partners = partners.filter { (TextFolding.fold($0.name), $0.id) > after }
        }
        let page = partners.prefix(limit)
        var next: String?
        if partners.count > limit, let last = page.last {
            next = ListPage.nextLink(query.request, cursor: ListCursor(kind: Self.cursorKind, parts: [last.id]).token)
        }
        return ListPage.answer(page.map { representation.partner($0, withEvents: false) }, next: next)
    }
}
