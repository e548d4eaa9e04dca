import AgoraDomain
import AgoraExports
import HTTPServer

/// A public resource, named by what it is rather than by a request for it: the GET routes read one
/// (`AgoraAPI+Reads.swift`), and a write asks for the current representation of what it changes — the ETag its
/// `If-Match` must match (RFC 9110 §13.1.1) and the ETag of its answer — without building a request. Each case
/// knows its path, its cache key and how it renders; `PublicRead` does the rest (cache, ETag, conditional requests)
/// the same way for all.
enum ReadResource: Sendable {
    /// `GET /events`: filters and cursor pages from the request's query (`EventListing`).
    case events(Request)
    /// `GET /events/{id}`: the whole event.
    case event(id: String)
    /// `GET /events/{id}/programme`: its slots and tracks. Slot writes are conditional on this resource.
    case programme(eventId: String)
    /// `GET /events/{id}/partners`.
    case eventPartners(eventId: String)
    /// `GET /programme`: slots across events (`ProgrammeListing`).
    case slots(Request)
    /// `GET /partners`, optionally searched with `?q=`, in cursor pages (`PartnerListing`).
    case partners(Request)
    /// `GET /partners/{id}`: the partner with the events it takes part in.
    case partner(id: String)
    /// `GET /events/{id}/calendar.ics` (and `GET /events/{id}` with `Accept: text/calendar`): iCalendar.
    case eventCalendar(eventId: String)
    /// `GET /programme.ics` (and `GET /programme` with `Accept: text/calendar`): the filtered slots as iCalendar.
    case slotsCalendar(Request)
    /// `GET /events/{id}/schedule.json` and `…/schedule.xml`: the frab/c3voc schedule for conference apps.
    case schedule(eventId: String, format: ScheduleFormat)
    /// `GET /events/{id}.jsonld` (and `GET /events/{id}` with `Accept: application/ld+json`): schema.org JSON-LD.
    case linkedData(eventId: String)
    /// `GET /events/{id}.html` (and `GET /events/{id}` with `Accept: text/html`): the event's page for browsers
    /// without JavaScript and for search engines (issue 14, `EventPage` in AgoraExports).
    case eventPage(eventId: String)
    /// `GET /events/{id}/availability`: the event's registration counts (`Representation.availability(of:)`), the
    /// one public resource a registration changes.
    case availability(eventId: String)

    /// What a render produced: the body, headers of its own (`Link`), and the languages its localized fields were
    /// served in (`Content-Language`, RFC 9110 §8.5; nil when every language was sent).
    struct Rendered {
        let body: [UInt8]
        let headers: HTTPHeaders
        let contentLanguage: String?
        /// `Content-Type`.
        var contentType = "application/json; charset=utf-8"
    }

    /// The path a GET reads it at (for `Location`, and for the detail of a 412).
    var path: String {
        switch self {
        case .events: "/events"
        case .event(let id): "/events/\(id)"
        case .programme(let eventId): "/events/\(eventId)/programme"
        case .eventPartners(let eventId): "/events/\(eventId)/partners"
        case .slots: "/programme"
        case .partners: "/partners"
        case .partner(let id): "/partners/\(id)"
        case .eventCalendar(let eventId): "/events/\(eventId)/calendar.ics"
        case .slotsCalendar: "/programme.ics"
        case .schedule(let eventId, let format): "/events/\(eventId)/schedule.\(format.rawValue)"
        case .linkedData(let eventId): "/events/\(eventId).jsonld"
        case .eventPage(let eventId): "/events/\(eventId).html"
        case .availability(let eventId): "/events/\(eventId)/availability"
        }
    }

    /// The resource serving this one as iCalendar (`RepresentationChoice`); nil when there is none.
    var calendar: ReadResource? {
        switch self {
        case .event(let id): .eventCalendar(eventId: id)
        case .slots(let request): .slotsCalendar(request)
        // The .ics routes name their type: they answer it whatever `Accept` says.
        case .events, .programme, .eventPartners, .partners, .partner, .eventCalendar, .slotsCalendar, .schedule,
             .linkedData, .eventPage, .availability: nil
        }
    }

    /// The resource serving this one as schema.org JSON-LD (`RepresentationChoice`); nil when there is none.
    var linkedDataVariant: ReadResource? {
        switch self {
        case .event(let id): .linkedData(eventId: id)
        // `/events/{id}.jsonld` names its type: it answers it whatever `Accept` says.
        case .events, .programme, .eventPartners, .slots, .partners, .partner, .eventCalendar, .slotsCalendar,
             .schedule, .linkedData, .eventPage, .availability: nil
        }
    }

    /// The resource serving this one as an HTML page (`RepresentationChoice`); nil when there is none.
    var pageVariant: ReadResource? {
        switch self {
        case .event(let id): .eventPage(eventId: id)
        case .events, .programme, .eventPartners, .slots, .partners, .partner, .eventCalendar, .slotsCalendar,
             .schedule, .linkedData, .eventPage, .availability: nil
        }
    }

    /// The stored entity a write to this resource changes, for `PendingWrites`: a slot lives inside its event, so
    /// programme and event writes share one (nil for lists, which no write names).
    var entity: String? {
        switch self {
        case .event(let id), .programme(let id): "event/\(id)"
        case .partner(let id): "partner/\(id)"
        case .events, .eventPartners, .slots, .partners, .eventCalendar, .slotsCalendar, .schedule, .linkedData,
             .eventPage, .availability: nil
        }
    }

    /// Whether the stored entity a write to this resource changes is no longer what it was in `seen` (the state its
    /// `If-Match` was checked on and its write made from), judged by the store on the latest state inside the append
    /// (`DurableStore.submit(_:unless:completion:)`). On one instance `PendingWrites` already keeps that entity still
    /// until the write is applied, so this never fires there; on a shared log another instance may have changed it
    /// within the follower lag, and then the write is refused 412 as it would have been on one (RFC 9110 §13.1.1).
    /// The entity, not the representation's bytes: a registration or a partner's rename elsewhere changes neither.
    func entityChanged(since seen: AgoraState) -> (@Sendable (AgoraState) -> Bool)? {
        switch self {
        case .event(let id), .programme(let id):
            let before = seen.events[id]
            return { $0.events[id] != before }
        case .partner(let id):
            let before = seen.partners[id]
            return { $0.partners[id] != before }
        case .events, .eventPartners, .slots, .partners, .eventCalendar, .slotsCalendar, .schedule, .linkedData,
             .eventPage, .availability:
            return nil
        }
    }

    /// The resource a client may confuse this one with when it sends `If-Match`: a slot lives in its event, but slot
    /// writes are conditional on the programme.
    var neighbour: ReadResource? {
        switch self {
        case .event(let id): .programme(eventId: id)
        case .programme(let eventId): .event(id: eventId)
        case .events, .eventPartners, .slots, .partners, .partner, .eventCalendar, .slotsCalendar, .schedule,
             .linkedData, .eventPage, .availability: nil
        }
    }

    /// The languages `?lang=` may pick a variant of this resource in (for naming the variant a 412's tag is of):
    /// the usual ones, then those of its event or partner. The tag depends on the language served, not the one asked
    /// for (`de-LU` is served as `de`), so these cover every variant a single `?lang=` makes.
    func variantLanguages(in state: AgoraState) -> [String] {
        var languages = ["de", "fr", "en", "lb"]
        switch self {
        case .event(let id), .programme(let id), .eventCalendar(let id), .schedule(let id, _), .linkedData(let id),
             .eventPage(let id):
            if let event = state.events[id] {
                languages += [event.defaultLanguage] + event.languages + event.title.languages
            }
        case .partner(let id):
            languages += state.partners[id]?.description?.languages ?? []
        // The availability has no text to localize: every `?lang=` gives the same bytes.
        case .events, .eventPartners, .slots, .partners, .slotsCalendar, .availability:
            break
        }
        var seen = Set<String>()
        return languages.map { $0.lowercased() }.filter { seen.insert($0).inserted }
    }

    /// The query parameters a GET of it takes; any other is a 400 naming it (`QueryError.unknown`). `lang` is
    /// every read's (`LanguageChoice`).
    var queryParameters: [String] {
        switch self {
        case .events: ["lang", "from", "to", "q", "series", "city", "past", "limit", "cursor"]
        case .slots: ["lang", "date", "from", "to", "event", "track", "kind", "inLanguage", "past", "limit", "cursor"]
        case .partners: ["lang", "q", "limit", "cursor"]
        // A calendar feed is never paged: a subscribed client reads it whole.
        case .slotsCalendar: ["lang", "date", "from", "to", "event", "track", "kind", "inLanguage", "past"]
        case .event, .programme, .eventPartners, .partner, .eventCalendar, .schedule, .linkedData, .eventPage,
             .availability: ["lang"]
        }
    }

    /// The `RepresentationCache` key: the resource, the query for lists (an entity ignores its query but for
    /// `lang`, which the language choice covers) and the language choice.
    func cacheKey(_ language: LanguageChoice) -> String {
        let query: String = switch self {
        case .events(let request), .slots(let request), .partners(let request), .slotsCalendar(let request):
            request.head.target.query ?? ""
        case .event, .programme, .eventPartners, .partner, .eventCalendar, .schedule, .linkedData, .eventPage,
             .availability: ""
        }
        return "\(path)?\(query)|\(language.cacheKey)"
    }

    /// Renders the resource from `state` at `now` in `language`. Throws a 404 problem for an unknown id and a
    /// 400 for an unusable query parameter.
    func render(_ state: AgoraState, at now: Instant, in language: LanguagePreference,
                links: ExportLinks = ExportLinks(base: APISettings.defaultPublicURL),
                security: PageSecurity = PageSecurity()) throws -> Rendered {
        switch self {
        case .eventCalendar(let eventId):
            let event = try Self.event(eventId, in: state)
            return CalendarRendering.event(event, partners: state.partners(ofEvent: event.id).map(\.name), in: language)
        case .slotsCalendar(let request):
            return try CalendarRendering.slots(ProgrammeListing(query: QueryReader(request: request)), state: state,
                                               at: now, in: language)
        // The frab/c3voc schedules and JSON-LD, likewise written by AgoraExports (`ExportRender`).
        case .schedule(let eventId, let format):
            return ExportRender.schedule(try Self.event(eventId, in: state), format: format, links: links,
                                         language: language)
        case .linkedData(let eventId):
            return ExportRender.linkedData(try Self.event(eventId, in: state), in: state, links: links,
                                           language: language)
        case .eventPage(let eventId):
            return ExportRender.page(try Self.event(eventId, in: state), in: state, links: links, language: language,
                                     security: security)
        // The event page and its programme are written straight into their bodies (`Representation+Writing`, issue 16),
        // not built as a tree.
        case .event(let id):
            var representation = Representation(state: state, now: now, language: language)
            let body = representation.eventBody(try Self.event(id, in: state))
            return Rendered(body: body, headers: HTTPHeaders(), contentLanguage: representation.contentLanguage)
        case .programme(let eventId):
            var representation = Representation(state: state, now: now, language: language)
            let body = representation.programmeBody(try Self.event(eventId, in: state))
            return Rendered(body: body, headers: HTTPHeaders(), contentLanguage: representation.contentLanguage)
        default: break
        }
        var representation = Representation(state: state, now: now, language: language)
        let (value, headers) = try render(&representation)
        return Rendered(body: value.bytes, headers: headers, contentLanguage: representation.contentLanguage)
    }

    private func render(_ representation: inout Representation) throws -> (JSONValue, HTTPHeaders) {
        let state = representation.state
        switch self {
        case .events(let request):
            return try EventListing(query: QueryReader(request: request)).render(&representation)
        case .eventPartners(let eventId):
            let event = try Self.event(eventId, in: state)
            let items = state.partners(ofEvent: event.id).map { representation.partner($0, withEvents: false) }
            return (.object([("eventId", .string(event.id)), ("items", .array(items))]), HTTPHeaders())
        case .slots(let request):
            return try ProgrammeListing(query: QueryReader(request: request)).render(&representation)
        case .partners(let request):
            return try PartnerListing(query: QueryReader(request: request)).render(&representation)
        case .availability(let eventId):
            return (representation.availability(of: try Self.event(eventId, in: state)), HTTPHeaders())
        case .partner(let id):
            guard let partner = state.partners[id] else { throw APIError.domain(.notFound(.partner, id: id)) }
            return (representation.partner(partner, withEvents: true), HTTPHeaders())
        case .eventCalendar, .slotsCalendar, .schedule, .linkedData, .eventPage, .event, .programme:
            // Rendered by `render(_:at:in:)` before a JSON representation is made.
            return (.null, HTTPHeaders())
        }
    }

    /// The `RepresentationCache` scope the entry of this resource belongs to, when commands that change no other
    /// representation may change it (`Command.changedAvailability(in:)`): the cache drops just that scope's entries.
    /// Nil: only a command that may change any representation drops it.
    var cacheScope: String? {
        if case .availability = self { return path }
        return nil
    }

    static func event(_ id: String, in state: AgoraState) throws(APIError) -> Event {
        guard let event = state.events[id] else { throw .domain(.notFound(.event, id: id)) }
        return event
    }
}
