public import AgoraDomain
import AgoraJSON

/// An event as schema.org JSON-LD (https://schema.org/Event), for search engines: the body of `GET /events/{id}.jsonld`
/// and of `GET /events/{id}` with `Accept: application/ld+json`, ready to go into a page's
/// `<script type="application/ld+json">`. What Google's event rich results read is there (name, startDate and endDate
/// with offsets, eventStatus, eventAttendanceMode, location with a PostalAddress, organizer, offers, description);
/// every slot is a `subEvent`, its speakers `performer`s with their role and organisation.
public enum EventLinkedData {
    public static func bytes(_ event: Event, partners: [Partner], links: ExportLinks, choice: inout ExportLanguage) -> [UInt8] {
        var root = node(event, partners: partners, links: links, choice: &choice)
        // The context first, as Google's examples write it.
        root.insertFirst("@context", .string("https://schema.org"))
        var writer = JSONWriter()
        root.write(to: &writer)
        return writer.bytes
    }

    static func node(_ event: Event, partners: [Partner], links: ExportLinks, choice: inout ExportLanguage) -> LinkedDataNode {
        let zone = event.timeZone
        let language = event.defaultLanguage
        var node = LinkedDataNode(type: "Event")
        node.set("@id", links.event(event.id))
        node.set("url", links.event(event.id))
        node.set("name", choice.text(event.title, defaultLanguage: language) ?? event.id)
        node.set("description", choice.text(event.description, defaultLanguage: language)
                 ?? choice.text(event.theme, defaultLanguage: language))
        node.set("startDate", event.startsAt.rfc3339(inZone: zone))
        node.set("endDate", event.effectiveEnd.rfc3339(inZone: zone))
        node.set("eventStatus", "https://schema.org/" + status(event.status))
        node.set("eventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode")
        node.set("location", event.venue.map(place))
        node.set("organizer", event.organisers.compactMap { organiser in
            choice.text(organiser.name, defaultLanguage: language).map(organization)
        })
        node.set("contributor", partners.map { partner in
            var organization = organization(partner.name)
            organization.set("url", partner.website)
            return organization
        })
        node.set("inLanguage", event.languages.isEmpty ? .string(language) : .array(event.languages.map { .string($0) }))
        if let free = accessibleForFree(event) { node.set("isAccessibleForFree", .bool(free)) }
        node.set("offers", offer(event, links: links))
        if let series = event.series {
            var superEvent = LinkedDataNode(type: "EventSeries")
            superEvent.set("name", series)
            node.set("superEvent", superEvent)
        }
        node.set("subEvent", event.programme.map { subEvent($0, of: event, links: links, choice: &choice) })
        return node
    }

    /// Free and open when the organiser says "open to the public" and takes no registration; false is never said
    /// (we do not know a price), so the property is left out otherwise.
    static func accessibleForFree(_ event: Event) -> Bool? {
        event.openToPublic == true && event.registration == .none ? true : nil
    }

    /// Registration required: the window it is open in and where to register (the organiser's form, else the event).
    static func offer(_ event: Event, links: ExportLinks) -> LinkedDataNode? {
        guard let rules = event.registration.rules else { return nil }
        var offer = LinkedDataNode(type: "Offer")
        offer.set("url", rules.externalURL ?? links.event(event.id))
        offer.set("availabilityStarts", rules.opensAt?.rfc3339(inZone: event.timeZone))
        offer.set("availabilityEnds", (rules.deadline ?? event.startsAt).rfc3339(inZone: event.timeZone))
        return offer
    }

    static func status(_ status: EventStatus) -> String {
        switch status {
        case .scheduled: "EventScheduled"
        case .cancelled: "EventCancelled"
        case .postponed: "EventPostponed"
        }
    }
}
