import AgoraDomain
import AgoraStore

/// From a logged command to its public change: the mapping the feed (and anything else derived from the command
/// log by sequence) applies. Pure: the same command and state give the same change.
extension PublicChange {
    /// Tags an entity's representation in the state after the batch (the ETag a GET without `lang` carries).
    typealias Tagging = (ReadResource) -> EntityTag?

    /// The public change `command` (at `sequence`) made, or nil when it made none a reader could see. A
    /// registration or a cancellation (with the promotion it may cause) changes only its event's availability
    /// counts (`Command.changedAvailability(in:)`): an `availability` update, for which only that small resource is
    /// rendered and hashed — never the event, which at thousands of registrations a second was most of the writer
    /// thread's work with a webhook subscribed. An erasure changes no count and is no public change. `state` is the
    /// state after the batch; nothing of a registrant is read from it but the event id.
    static func derive(_ command: Command, sequence: UInt64, time: Instant, in state: AgoraState,
                       tag: Tagging) -> PublicChange? {
        func change(_ type: EntityType, _ id: String, _ kind: Kind, _ resource: ReadResource, event: String?) -> PublicChange {
            PublicChange(sequence: sequence, time: time, entityType: type, entityId: id, kind: kind,
                         etag: tag(resource), path: resource.path, eventId: event)
        }
        switch command {
        case .createEvent(let event):
            return change(.event, event.id, .created, .event(id: event.id), event: event.id)
        case .updateEvent(let event):
            return change(.event, event.id, .updated, .event(id: event.id), event: event.id)
        case .deleteEvent(let eventId):
            return PublicChange(sequence: sequence, time: time, entityType: .event, entityId: eventId, kind: .deleted,
                                etag: nil, path: ReadResource.event(id: eventId).path, eventId: eventId)
        case .createSlot(let eventId, let slot):
            return change(.slot, slot.id, .created, .programme(eventId: eventId), event: eventId)
        case .updateSlot(let eventId, let slot):
            return change(.slot, slot.id, .updated, .programme(eventId: eventId), event: eventId)
        case .deleteSlot(let eventId, let slotId):
            // The slot is gone; the programme it was in is what a client refetches.
            return change(.slot, slotId, .deleted, .programme(eventId: eventId), event: eventId)
        case .createPartner(let partner):
            return change(.partner, partner.id, .created, .partner(id: partner.id), event: nil)
        case .updatePartner(let partner):
            return change(.partner, partner.id, .updated, .partner(id: partner.id), event: nil)
        case .deletePartner(let partnerId):
            return PublicChange(sequence: sequence, time: time, entityType: .partner, entityId: partnerId,
                                kind: .deleted, etag: nil, path: ReadResource.partner(id: partnerId).path, eventId: nil)
        case .register, .cancelRegistration, .eraseRegistration:
            guard let eventId = command.changedAvailability(in: state) else { return nil }
            let resource = ReadResource.availability(eventId: eventId)
            // Nil tag: the event was deleted later in the same batch, whose own change says so.
            guard let etag = tag(resource) else { return nil }
            return PublicChange(sequence: sequence, time: time, entityType: .availability, entityId: eventId,
                                kind: .updated, etag: etag, path: resource.path, eventId: eventId)
        }
    }
}
