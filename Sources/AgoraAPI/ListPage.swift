import HTTPServer

/// What the paged lists (`/events`, `/programme`, `/partners`) share: the size of a page and the link to the next
/// one, both in the body (`next`) and as RFC 8288 `Link: <…>; rel="next"`.
enum ListPage {
    /// `/programme` and `/partners`: a page holds every item a city's lists have today, so a client that does not
    /// page still gets the whole list, and one that does can go up to `maxLimit`.
    static let defaultLimit = 100
    static let maxLimit = 500

    /// The same request with `cursor` replaced: a relative reference, resolved against the request URI
    /// (RFC 8288 §3), keeping every other parameter as the client sent it.
    static func nextLink(_ request: Request, cursor: String) -> String {
        var parts = (request.head.target.query ?? "").split(separator: "&")
            .filter { !$0.hasPrefix("cursor=") && $0 != "cursor" }.map(String.init)
        parts.append("cursor=\(cursor)")
        return request.path + "?" + parts.joined(separator: "&")
    }

    /// The body members and the headers of a page: `items`, `next` (null on the last page) and its `Link`.
    static func answer(_ items: [JSONValue], next: String?, before: [(String, JSONValue)] = [])
        -> (JSONValue, HTTPHeaders) {
        var headers = HTTPHeaders()
        if let next { headers.add("Link", "<\(next)>; rel=\"next\"") }
        return (.object(before + [("items", .array(items)), ("next", .string(next))]), headers)
    }
}
