import AgoraDomain
import HTTPServer

// Registrations as the organisers see them: personal data, so the `registrations` role (or `admin`),
// restricted CORS and `Cache-Control: no-store` on every answer. Erasure is a write and needs `admin`.
extension WriteRoutes {
    func registerRegistrationReads(in router: inout Router) {
        router.get("/events/{id}/registrations", access: .restricted) { request in
            try tokens.authorize(request, for: .registrations)
            let eventId = request.parameter("id") ?? ""
            return .now(try registrationList(eventId: eventId, csv: Self.prefersCSV(request), bom: Self.bom(request)))
        }
        router.get("/events/{id}/registrations.csv", access: .restricted) { request in
            try tokens.authorize(request, for: .registrations)
            return .now(try registrationList(eventId: request.parameter("id") ?? "", csv: true, bom: Self.bom(request)))
        }
        router.get("/registrations/{id}", access: .restricted) { request in
            try tokens.authorize(request, for: .registrations)
            let id = request.parameter("id") ?? ""
            let state = api.store.state
            guard let registration = state.registrations[id] else {
                throw APIError.domain(.notFound(.registration, id: id))
            }
            return .now(.noStore(Self.json(registration, timeZone: state.events[registration.eventId]?.timeZone).bytes))
        }
        router.delete("/registrations/{id}/personal-data", access: .restricted) { request in
            try tokens.authorize(request, for: .admin)
            let id = request.parameter("id") ?? ""
            return try submission.reply(StoreWrite(.eraseRegistration(registrationId: id, at: api.now())) { _, _ in
                // The remembered answer holds a digest of the person's data: it goes with them.
                replay.forget(id)
                return Self.noContent()
            })
        }
    }

    /// `?bom=false` leaves the CSV's byte order mark out (it is there by default, for Excel); 400 for anything but
    /// a boolean. The JSON list accepts and ignores it, so one URL serves both answers of the negotiated route.
    static func bom(_ request: Request) throws(QueryError) -> Bool {
        try QueryReader(request: request).bool("bom") ?? true
    }

    private func registrationList(eventId: String, csv: Bool, bom: Bool) throws -> Response {
        let state = api.store.state
        guard let event = state.events[eventId] else { throw APIError.domain(.notFound(.event, id: eventId)) }
        let registrations = state.registrations(ofEvent: eventId)
        if csv {
            var response = Response.noStore(RegistrationCSV.encode(registrations, timeZone: event.timeZone, bom: bom),
                                             contentType: "text/csv; charset=utf-8; header=present")
            response.headers.add("Content-Disposition", "attachment; filename=\"\(eventId)-registrations.csv\"")
            response.headers.add("Vary", "Accept")
            return response
        }
        // The counts partition the items: each registration counts once, an erased one as `erased` whatever its
        // status (so they add up to `items.count`; the event's places count erased confirmed ones, which keep theirs).
        func count(_ status: RegistrationStatus) -> JSONValue {
            .int(registrations.count { $0.status == status && !$0.isErased })
        }
        let body = JSONValue.object([
            ("eventId", .string(eventId)),
            ("counts", .object([("confirmed", count(.confirmed)), ("waitlisted", count(.waitlisted)),
                                ("cancelled", count(.cancelled)), ("erased", .int(registrations.count(where: \.isErased)))])),
            ("items", .array(registrations.map { Self.json($0, timeZone: event.timeZone) })),
        ])
        var response = Response.noStore(body.bytes)
        response.headers.add("Vary", "Accept")
        return response
    }

    /// `Accept: text/csv` (RFC 9110 §12.5.1) chooses CSV unless JSON is asked for with a higher quality.
    static func prefersCSV(_ request: Request) -> Bool {
        guard let accept = request.headers["Accept"] else { return false }
        var csv = 0.0
        var json = 0.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { String($0.filter { $0 != " " }).lowercased() }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            switch parts.first ?? "" {
            case "text/csv": csv = max(csv, quality)
            case "application/json", "application/*", "*/*": json = max(json, quality)
            default: break
            }
        }
        return csv > 0 && csv >= json
    }

    /// One registration for an organiser: the person's data while they exist, instants in the event's zone.
    static func json(_ registration: Registration, timeZone: String?) -> JSONValue {
        func instant(_ value: Instant?) -> JSONValue? {
            value.map { .string(timeZone.map($0.rfc3339(inZone:)) ?? $0.rfc3339UTC) }
        }
        var object = JSONObject()
        object.set("id", .string(registration.id))
        object.set("eventId", .string(registration.eventId))
        object.setIfPresent("slotId", registration.slotId)
        object.set("status", .string(registration.status.rawValue))
        object.setIfPresent("createdAt", instant(registration.createdAt))
        object.setIfPresent("cancelledAt", instant(registration.cancelledAt))
        object.setIfPresent("erasedAt", instant(registration.erasedAt))
        object.setIfPresent("language", registration.language)
        object.set("erased", .bool(registration.isErased))
        if let data = registration.personalData {
            object.set("name", .string(data.name))
            object.set("email", .string(data.email))
            object.setIfPresent("organisation", data.organisation)
        }
        return object.value
    }
}
