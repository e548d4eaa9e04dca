import HTTPServer

extension AgoraAPI {
    /// Every public GET (`RouteAccess.public`: CORS for any configured origin). Each names its `ReadResource` and
    /// goes through `PublicRead`, so all share caching, conditional requests and localisation.
    static func registerReads(in router: inout Router, read: PublicRead, contract: [StaticDocument]) {
        router.get("/events", access: .public) { request in
            .now(try read.respond(to: request, reading: .events(request)))
        }
        router.get("/events/{id}", access: .public) { request in
            .now(try read.respond(to: request, reading: .event(id: request.parameter("id") ?? "")))
        }
        router.get("/events/{id}/programme", access: .public) { request in
            .now(try read.respond(to: request, reading: .programme(eventId: request.parameter("id") ?? "")))
        }
        router.get("/events/{id}.jsonld", access: .public) { request in
            .now(try read.respond(to: request, reading: .linkedData(eventId: request.parameter("id") ?? "")))
        }
        router.get("/events/{id}.html", access: .public) { request in
            .now(try read.respond(to: request, reading: .eventPage(eventId: request.parameter("id") ?? "")))
        }
        router.get("/events/{id}/schedule.json", access: .public) { request in
            .now(try read.respond(to: request, reading: .schedule(eventId: request.parameter("id") ?? "", format: .json)))
        }
        router.get("/events/{id}/schedule.xml", access: .public) { request in
            .now(try read.respond(to: request, reading: .schedule(eventId: request.parameter("id") ?? "", format: .xml)))
        }
        router.get("/events/{id}/availability", access: .public) { request in
            .now(try read.respond(to: request, reading: .availability(eventId: request.parameter("id") ?? "")))
        }
        router.get("/events/{id}/partners", access: .public) { request in
            .now(try read.respond(to: request, reading: .eventPartners(eventId: request.parameter("id") ?? "")))
        }
        router.get("/programme", access: .public) { request in
            .now(try read.respond(to: request, reading: .slots(request)))
        }
        router.get("/events/{id}/calendar.ics", access: .public) { request in
            .now(try read.respond(to: request, reading: .eventCalendar(eventId: request.parameter("id") ?? "")))
        }
        router.get("/programme.ics", access: .public) { request in
            .now(try read.respond(to: request, reading: .slotsCalendar(request)))
        }
        router.get("/partners", access: .public) { request in
            .now(try read.respond(to: request, reading: .partners(request)))
        }
        router.get("/partners/{id}", access: .public) { request in
            .now(try read.respond(to: request, reading: .partner(id: request.parameter("id") ?? "")))
        }
        for document in contract {
            router.get(document.route, access: .public) { request in .now(try document.respond(to: request)) }
        }
    }
}
