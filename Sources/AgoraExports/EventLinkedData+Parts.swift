import AgoraDomain

extension EventLinkedData {
    /// A slot as an `Event` of its own; its end only when the source gives one (search engines show what we say).
    static func subEvent(_ slot: ProgrammeSlot, of event: Event, links: ExportLinks,
                         choice: inout ExportLanguage) -> LinkedDataNode {
        let language = event.defaultLanguage
        var node = LinkedDataNode(type: "Event")
        node.set("@id", links.slot(slot.id, ofEvent: event.id))
        node.set("name", choice.text(slot.title, defaultLanguage: language) ?? slot.id)
        node.set("description", choice.text(slot.description, defaultLanguage: language))
        node.set("startDate", slot.startsAt.rfc3339(inZone: event.timeZone))
        node.set("endDate", slot.endsAt?.rfc3339(inZone: event.timeZone))
        node.set("eventStatus", "https://schema.org/" + status(event.status))
        node.set("eventAttendanceMode", "https://schema.org/OfflineEventAttendanceMode")
        node.set("inLanguage", slot.spokenLanguage ?? language)
        // Where in the venue: the slot's room, else its track's (`Event.room(of:)`).
        if let room = event.room(of: slot), let name = choice.text(room.name, defaultLanguage: language) {
            var place = LinkedDataNode(type: "Place")
            place.set("name", name)
            node.set("location", place)
        }
        node.set("performer", slot.speakers.map { speaker in
            var person = LinkedDataNode(type: "Person")
            person.set("name", speaker.name)
            person.set("jobTitle", choice.text(speaker.role, defaultLanguage: language))
            person.set("affiliation", speaker.organisation.map(organization))
            return person
        })
        return node
    }

    static func place(_ venue: Venue) -> LinkedDataNode {
        var address = LinkedDataNode(type: "PostalAddress")
        address.set("streetAddress", venue.street)
        address.set("postalCode", venue.postalCode)
        address.set("addressLocality", venue.city)
        address.set("addressCountry", venue.country)
        var place = LinkedDataNode(type: "Place")
        place.set("name", venue.name)
        place.set("address", address)
        if let geo = venue.geo, geo.isValid {
            var coordinates = LinkedDataNode(type: "GeoCoordinates")
            coordinates.set("latitude", .number(geo.latitudeText))
            coordinates.set("longitude", .number(geo.longitudeText))
            place.set("geo", coordinates)
        }
        place.set("telephone", venue.phone)
        place.set("url", venue.website)
        return place
    }

    static func organization(_ name: String) -> LinkedDataNode {
        var organization = LinkedDataNode(type: "Organization")
        organization.set("name", name)
        return organization
    }
}
