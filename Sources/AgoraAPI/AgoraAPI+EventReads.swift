import AgoraDomain
import AgoraStore
import HTTPServer

extension AgoraAPI {
    /// Every public GET (`RouteAccess.public`: CORS for any configured origin). All go through `PublicRead`, so they
    /// share caching, conditional requests and localisation.
    static func registerReads(in router: inout Router, cache: RepresentationCache, store: DurableStore<AgoraState>,
                              now: @escaping @Sendable () -> Instant, settings: APISettings) {
        let read = PublicRead(cache: cache, store: store, now: now, maxAge: settings.cacheMaxAge)

        router.get("/events", access: .public) { request in
            .now(try read.respond(to: request, rendering: { representation in
                try EventListing(request: request).render(representation, path: request.path)
            }))
        }
        router.get("/events/{id}", access: .public) { request in
            .now(try read.respond(to: request) { representation in
                representation.event(try Self.event(request, in: representation.state))
            })
        }
        router.get("/events/{id}/programme", access: .public) { request in
            .now(try read.respond(to: request) { representation in
                let event = try Self.event(request, in: representation.state)
                return .object([("eventId", .string(event.id)), ("timeZone", .string(event.timeZone)),
                                ("items", .array(representation.programme(of: event))),
                                ("tracks", representation.tracks(of: event))])
            })
        }
        router.get("/events/{id}/partners", access: .public) { request in
            .now(try read.respond(to: request) { representation in
                let event = try Self.event(request, in: representation.state)
                return .object([("eventId", .string(event.id)),
                                ("items", .array(representation.state.partners(ofEvent: event.id)
                                    .map { representation.partner($0, withEvents: false) }))])
            })
        }
        router.get("/programme", access: .public) { request in
            .now(try read.respond(to: request) { representation in
                try ProgrammeListing(request: request).render(representation)
            })
        }
        registerPartnerReads(in: &router, read: read)
        registerContract(in: &router, settings: settings)
    }

    static func event(_ request: Request, in state: AgoraState) throws(APIError) -> Event {
        let id = request.parameter("id") ?? ""
        guard let event = state.events[id] else { throw .domain(.notFound(.event, id: id)) }
        return event
    }

    static func registerPartnerReads(in router: inout Router, read: PublicRead) {
        router.get("/partners", access: .public) { request in
            .now(try read.respond(to: request) { representation in
                let query = QueryReader(request: request)
                let partners = query.string("q").map { representation.state.searchPartners(matching: $0) }
                    ?? representation.state.partnersByName
                return .object([("items", .array(partners.map { representation.partner($0, withEvents: false) }))])
            })
        }
        router.get("/partners/{id}", access: .public) { request in
            .now(try read.respond(to: request) { representation in
                let id = request.parameter("id") ?? ""
                guard let partner = representation.state.partners[id] else {
                    throw APIError.domain(.notFound(.partner, id: id))
                }
                return representation.partner(partner, withEvents: true)
            })
        }
    }
}
