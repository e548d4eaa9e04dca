public import AgoraDomain

extension Representation {
    /// A partner in a list or inside an event.
    public func partnerSummary(_ partner: Partner) -> JSONValue {
        var object = JSONObject(capacity: 3)
        object.set("id", .string(partner.id))
        object.set("name", .string(partner.name))
        object.set("kind", .string(partner.kind.rawValue))
        return object.value
    }

    /// The whole partner; with `events`, the events it takes part in (listed or on stage), as summaries.
    public mutating func partner(_ partner: Partner, withEvents: Bool) -> JSONValue {
        var object = JSONObject()
        object.set("id", .string(partner.id))
        object.set("name", .string(partner.name))
        object.set("kind", .string(partner.kind.rawValue))
        object.set("subUnits", Self.strings(partner.subUnits))
        object.setIfPresent("website", partner.website)
        object.setIfPresent("description", text(partner.description, nil))
        if withEvents {
            var events: [JSONValue] = []
            for event in state.events(ofPartner: partner.id) { events.append(eventSummary(event)) }
            object.set("events", .array(events))
        }
        return object.value
    }
}
