import AgoraDomain
import AgoraExports
import HTTPServer

/// The exports as read resources: the renderers live in AgoraExports (which knows no HTTP); this picks the
/// language the way every read does and says what media type and `Content-Language` the bytes have.
enum ExportRender {
    /// An export shows one string per field: `?lang=` as asked, and without `?lang=` the event's default language
    /// (where the JSON would send every language).
    static func choice(_ language: LanguagePreference) -> ExportLanguage {
        switch language {
        case .all: ExportLanguage(ranked: [])
        case .ranked(let tags): ExportLanguage(ranked: tags)
        }
    }

    static func schedule(_ event: Event, format: ScheduleFormat, links: ExportLinks,
                         language: LanguagePreference) -> ReadResource.Rendered {
        var choice = choice(language)
        let schedule = Schedule(of: event, links: links, choice: &choice)
        let body = switch format {
        case .json: ScheduleJSON.bytes(schedule)
        case .xml: ScheduleXML.bytes(schedule)
        }
        return ReadResource.Rendered(body: body, headers: HTTPHeaders(),
                                     contentLanguage: choice.contentLanguage ?? event.defaultLanguage,
                                     contentType: format.contentType)
    }

    static func linkedData(_ event: Event, in state: AgoraState, links: ExportLinks,
                           language: LanguagePreference) -> ReadResource.Rendered {
        var choice = choice(language)
        let body = EventLinkedData.bytes(event, partners: state.partners(ofEvent: event.id), links: links, choice: &choice)
        return ReadResource.Rendered(body: body, headers: HTTPHeaders(),
                                     contentLanguage: choice.contentLanguage ?? event.defaultLanguage,
                                     contentType: "application/ld+json")
    }

    /// The event's HTML page (`EventPage`) with the security headers every HTML answer carries (`PageSecurity`).
    static func page(_ event: Event, in state: AgoraState, links: ExportLinks, language: LanguagePreference,
                     security: PageSecurity) -> ReadResource.Rendered {
        var choice = choice(language)
        let body = EventPage.bytes(event, partners: state.partners(ofEvent: event.id), links: links, choice: &choice)
        return ReadResource.Rendered(body: body, headers: security.headers(),
                                     contentLanguage: choice.contentLanguage ?? event.defaultLanguage,
                                     contentType: "text/html; charset=utf-8")
    }
}
