import AgoraDomain
import AgoraExports
import HTTPServer

/// The iCalendar resources (`ReadResource.eventCalendar`, `.slotsCalendar`) rendered by `AgoraExports`, for the read
/// path to cache, tag and answer like every public GET.
enum CalendarRendering {
    static let contentType = "text/calendar; charset=utf-8"
    /// REFRESH-INTERVAL and X-PUBLISHED-TTL: a programme changes a few times a week, so an hour is often enough for
    /// a subscribed calendar (the HTTP cache headers still allow a revalidation whenever a client wants one).
    static let refreshInterval = 3600

    /// `?lang=` as the export's ranked languages (none: each event's default language).
    static func languages(_ preference: LanguagePreference) -> [String] {
        switch preference {
        case .all: []
        case .ranked(let tags): tags
        }
    }

    static func event(_ event: Event, partners: [String], in language: LanguagePreference) -> ReadResource.Rendered {
        let languages = languages(language)
        var naming = ExportLanguage(ranked: languages)
        let name = naming.resolve(event.title, defaultLanguage: event.defaultLanguage)?.text ?? event.id
        var calendar = CalendarExport(name: name, refreshInterval: refreshInterval, languages: languages)
        calendar.add(event: event, partners: partners)
        return rendered(calendar.finish())
    }

    /// The slots `GET /programme` lists for the same filters, all of them (a feed is not paged).
    static func slots(_ listing: ProgrammeListing, state: AgoraState, at now: Instant,
                      in language: LanguagePreference) throws -> ReadResource.Rendered {
        let rows = try listing.rows(in: state, at: now)
        let languages = languages(language)
        var naming = ExportLanguage(ranked: languages)
        var name = "Programme"
        if let eventId = listing.query.string("event"), let event = state.events[eventId] {
            name = naming.resolve(event.title, defaultLanguage: event.defaultLanguage)?.text ?? eventId
        }
        if let track = listing.query.string("track"),
           let named = rows.first.flatMap({ row in row.slot.track.flatMap { row.event.track(withId: $0) } }) {
            name += " – " + (naming.resolve(named.name, defaultLanguage: rows[0].event.defaultLanguage)?.text ?? track)
        }
        var calendar = CalendarExport(name: name, refreshInterval: refreshInterval, languages: languages)
        for row in rows { calendar.add(slot: row.slot, of: row.event) }
        return rendered(calendar.finish())
    }

    static func rendered(_ document: ExportDocument) -> ReadResource.Rendered {
        ReadResource.Rendered(body: document.bytes, headers: HTTPHeaders(),
                              contentLanguage: document.languages.isEmpty ? nil : document.languages.joined(separator: ", "),
                              contentType: contentType)
    }
}
