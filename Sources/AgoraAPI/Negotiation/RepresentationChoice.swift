import HTTPServer

/// The media types a public resource is served in, and the choice among them by `Accept` (RFC 9110 §12.5.1,
/// proactive negotiation). A table: each entry names a media type and, for a resource read as JSON, the resource
/// that serves the same thing in that type (`GET /events/{id}` as `text/calendar` is `GET /events/{id}/calendar.ics`,
/// byte for byte, ETag included). Serving a resource in one more type is one more entry.
///
/// Only resources with an alternative negotiate; the others answer JSON whatever `Accept` says, as before.
struct RepresentationChoice: Sendable {
    let mediaType: String
    /// The resource serving `mediaType` for a resource read as JSON; nil when there is none.
    let serves: @Sendable (ReadResource) -> ReadResource?

    /// JSON first: the answer when `Accept` is absent, `*/*`, or ranks several types equally.
    static let table: [RepresentationChoice] = [
        RepresentationChoice(mediaType: "application/json") { $0 },
        RepresentationChoice(mediaType: "text/calendar") { $0.calendar },
        RepresentationChoice(mediaType: "application/ld+json") { $0.linkedDataVariant },
        // After text/calendar, so `text/*` keeps choosing the calendar as before; a browser's `text/html` gets the page.
        RepresentationChoice(mediaType: "text/html") { $0.pageVariant },
    ]

    /// Whether `resource`'s answer depends on `Accept` (it has an alternative in another type).
    static func negotiates(_ resource: ReadResource) -> Bool {
        table.dropFirst().contains { entry in entry.serves(resource).map { $0.path != resource.path } ?? false }
    }

    /// What `GET` of `resource` answers with for `accept`: the resource to render, and whether the answer is one of
    /// several (then it carries `Vary: Accept`). Throws a 406 naming the types when `accept` allows none of them.
    static func choose(for resource: ReadResource, accept: String?) throws(NotAcceptable) -> (ReadResource, varies: Bool) {
        let offers = table.compactMap { entry in entry.serves(resource).map { (entry.mediaType, $0) } }
        guard offers.count > 1 else { return (resource, false) }
        guard let accept, !accept.allSatisfy(\.isWhitespace) else { return (resource, true) }
        let ranges = MediaRange.ranges(ofAccept: accept)
        // An Accept with no usable member says nothing: as if absent.
        guard !ranges.isEmpty else { return (resource, true) }
        var best: (quality: Int, specificity: Int, resource: ReadResource)?
        for (mediaType, served) in offers {
            // The most specific range matching the type decides its weight (§12.5.1).
            guard let range = ranges.filter({ $0.matches(mediaType) }).max(by: { $0.specificity < $1.specificity }),
                  range.quality > 0 else { continue }
            if best.map({ (range.quality, range.specificity) > ($0.quality, $0.specificity) }) ?? true {
                best = (range.quality, range.specificity, served)
            }
        }
        guard let best else { throw NotAcceptable(available: offers.map(\.0)) }
        return (best.resource, true)
    }
}

/// 406 (RFC 9110 §15.5.7): `Accept` allows none of the types the resource is served in; the problem lists them.
struct NotAcceptable: Error, Sendable, ProblemConvertible {
    let available: [String]

    var problem: Problem {
        Problem(status: .notAcceptable,
                detail: "This resource is available as \(available.joined(separator: ", ")); the Accept header allows none of them.",
                extensions: [("available", JSONValue.array(available.map { .string($0) }).text)])
    }
}
