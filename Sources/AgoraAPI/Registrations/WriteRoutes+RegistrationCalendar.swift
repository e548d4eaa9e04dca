import AgoraDomain
import AgoraExports
import HTTPServer

// A person's own calendar file: what they signed up for, authorised like their cancellation (the registration's
// token, as a bearer or as `?token=` for calendar apps that subscribe to a URL), never cached (`no-store`).
extension WriteRoutes {
    func registerRegistrationCalendar(in router: inout Router) {
        router.get("/registrations/{id}/calendar.ics", access: .public) { request in
            let id = request.parameter("id") ?? ""
            var token: String?
            var lang: String?
            for item in request.queryItems {
                switch item.name {
                case "token": token = token ?? item.value
                case "lang": lang = lang ?? item.value
                default: throw QueryError.unknown(parameter: item.name, known: ["token", "lang"])
                }
            }
            try authorizeCancellation(request, id: id, query: token)
            let state = api.store.state
            guard let registration = state.registrations[id], let event = state.events[registration.eventId] else {
                throw APIError.domain(.notFound(.registration, id: id))
            }
            // `?lang=` when given, else the language the person registered in.
            let choice = try LanguageChoice.of(lang: lang, acceptLanguage: request.headers["Accept-Language"])
            var languages = CalendarRendering.languages(choice.preference)
            if lang == nil, let language = registration.language { languages = [language] }
            let document = RegistrationCalendar.render(registration, of: event, partners: state.partners(ofEvent: event.id).map(\.name),
                                                       languages: languages)
            return .now(.noStore(document.bytes, contentType: CalendarRendering.contentType))
        }
    }
}

/// The calendar of one registration: the event, and the slot (a working group) the person chose, if any; cancelled
/// entries when the registration is cancelled — with the UIDs of the public feeds, so a calendar holding both shows
/// one entry per thing.
enum RegistrationCalendar {
    static func render(_ registration: Registration, of event: Event, partners: [String], languages: [String]) -> ExportDocument {
        var naming = ExportLanguage(ranked: languages)
        let name = naming.resolve(event.title, defaultLanguage: event.defaultLanguage)?.text ?? event.id
        var calendar = CalendarExport(name: name, refreshInterval: CalendarRendering.refreshInterval, languages: languages)
        calendar.cancelled = registration.status == .cancelled
        calendar.add(event: event, partners: partners, slots: registration.slotId.flatMap { event.slot(withId: $0) }.map { [$0] } ?? [])
        return calendar.finish()
    }
}
