public import AgoraDomain
import AgoraJSON

/// The public JSON shapes (DTOs) of events, slots and partners — the only way domain values reach a response
/// body, so nothing else (registrations, personal data) can leak into one. Conventions: camelCase keys in a fixed
/// order; instants as RFC 3339 in the EVENT's zone (`2025-11-20T09:15:00+01:00`) next to its IANA `timeZone`;
/// ids are the stable slugs; absent optionals are left out; localized fields follow the `Localizer`.
public struct Representation {
    public let state: AgoraState
    public let now: Instant
    /// Rendering records in it the languages it served: hence the `mutating` render functions.
    private var localizer: Localizer

    public init(state: AgoraState, now: Instant, language: LanguagePreference = .all) {
        self.state = state
        self.now = now
        self.localizer = Localizer(language)
    }

    /// `Content-Language` for what was rendered so far (RFC 9110 §8.5): the languages served, most preferred
    /// first; nil when every language was sent.
    public var contentLanguage: String? { localizer.contentLanguage }

    mutating func text(_ text: LocalizedText?, _ event: Event?) -> JSONValue? {
        localizer.text(text, defaultLanguage: event?.defaultLanguage)
    }

    /// The same written into a body (`Representation+Writing`).
    mutating func write(_ text: LocalizedText, _ event: Event?, to writer: inout JSONWriter) {
        localizer.write(text, defaultLanguage: event?.defaultLanguage, to: &writer)
    }

    static func instant(_ instant: Instant?, _ event: Event) -> JSONValue? {
        instant.map { .string($0.rfc3339(inZone: event.timeZone)) }
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// An event in a list: enough to show a card and link to the detail.
    public mutating func eventSummary(_ event: Event) -> JSONValue {
        // The detail appends its own members after these (`event(_:)`): room for both.
        var object = JSONObject(capacity: 32)
        object.set("id", .string(event.id))
        object.setIfPresent("series", event.series)
        object.setIfPresent("edition", event.edition.map { .int($0) })
        object.setIfPresent("title", text(event.title, event))
        object.setIfPresent("theme", text(event.theme, event))
        object.setIfPresent("startsAt", Self.instant(event.startsAt, event))
        object.setIfPresent("endsAt", Self.instant(event.endsAt, event))
        object.set("timeZone", .string(event.timeZone))
        object.set("status", .string(event.status.rawValue))
        object.set("phase", .string(event.phase(at: now).rawValue))
        object.set("defaultLanguage", .string(event.defaultLanguage))
        object.set("languages", Self.strings(event.languages))
        object.setIfPresent("venue", event.venue.map { venue($0) })
        object.set("registration", .string(registrationKind(event.registration)))
        object.set("partnerIds", Self.strings(event.partnerIds))
        return object.value
    }

    /// The whole event: summary fields plus description, organisers, contacts, programme and partners.
    public mutating func event(_ event: Event) -> JSONValue {
        guard case .object(var members) = eventSummary(event) else { return .null }
        var object = JSONObject(capacity: 16)
        object.setIfPresent("description", text(event.description, event))
        object.setIfPresent("programmeNote", text(event.programmeNote, event))
        object.set("interpretation", .array(event.interpretation.map { interpretation in
            .object([("mode", .string(interpretation.mode.rawValue)),
                     ("languages", Self.strings(interpretation.languages))])
        }))
        object.setIfPresent("accessibility", text(event.accessibility, event))
        var organisers: [JSONValue] = []
        for organiser in event.organisers { organisers.append(.object([("name", text(organiser.name, event) ?? .null)])) }
        object.set("organisers", .array(organisers))
        var contacts: [JSONValue] = []
        for contact in event.contacts { contacts.append(self.contact(contact, event)) }
        object.set("contacts", .array(contacts))
        var services: [JSONValue] = []
        for service in event.participatingServices { if let value = text(service, event) { services.append(value) } }
        object.set("participatingServices", .array(services))
        object.setIfPresent("openToPublic", event.openToPublic.map { .bool($0) })
        object.set("registrationPolicy", registrationPolicy(event))
        object.set("tracks", declaredTracks(of: event))
        object.set("rooms", rooms(of: event))
        object.set("programme", .array(programme(of: event)))
        object.set("partners", .array(state.partners(ofEvent: event.id).map { partnerSummary($0) }))
        // Detail members go after the summary's, before the partner ids' list (kept for clients of the summary).
        members.append(contentsOf: object.members)
        return .object(members)
    }

    func venue(_ venue: Venue) -> JSONValue {
        var object = JSONObject(capacity: 8)
        object.set("name", .string(venue.name))
        object.setIfPresent("street", venue.street)
        object.setIfPresent("postalCode", venue.postalCode)
        object.setIfPresent("city", venue.city)
        object.setIfPresent("country", venue.country)
        object.setIfPresent("phone", venue.phone)
        object.setIfPresent("website", venue.website)
        if let geo = venue.geo {
            object.set("geo", .object([("latitude", .decimal(geo.latitudeText)), ("longitude", .decimal(geo.longitudeText))]))
        }
        return object.value
    }

    /// The organiser's published contact person (from the event page), not a registrant.
    mutating func contact(_ contact: Contact, _ event: Event) -> JSONValue {
        var object = JSONObject(capacity: 5)
        object.set("name", .string(contact.name))
        object.setIfPresent("role", text(contact.role, event))
        object.setIfPresent("organisation", contact.organisation)
        object.setIfPresent("phone", contact.phone)
        object.setIfPresent("email", contact.email)
        return object.value
    }

    func registrationKind(_ policy: RegistrationPolicy) -> String {
        switch policy {
        case .none: "none"
        case .required: "required"
        }
    }

    /// The policy with its dates in the event's zone and whether it is open now. Counts are not published here but
    /// at the `availability` path it links to, so the event's bytes and ETag stay the same across registrations.
    func registrationPolicy(_ event: Event) -> JSONValue {
        var object = JSONObject(capacity: 7)
        object.set("kind", .string(registrationKind(event.registration)))
        object.set("availability", .string(ReadResource.availability(eventId: event.id).path))
        if let rules = event.registration.rules {
            object.setIfPresent("opensAt", Self.instant(rules.opensAt, event))
            object.setIfPresent("deadline", Self.instant(rules.deadline, event))
            object.setIfPresent("capacity", rules.capacity.map { .int($0) })
            if let waitingList = rules.waitingList {
                var list = JSONObject()
                list.setIfPresent("capacity", waitingList.capacity.map { .int($0) })
                object.set("waitingList", list.value)
            }
            object.setIfPresent("externalURL", rules.externalURL)
            // The domain's rule (`Event.acceptsRegistrations(at:)`); fullness is the availability's.
            object.set("open", .bool(event.acceptsRegistrations(at: now)))
        }
        return object.value
    }
}
