import AgoraDomain

extension Command {
    /// Whether applying the command may change any public representation (a GET's bytes, hence its ETag). The one
    /// place that knows it, read by the representation cache (which keeps its entries across a command that cannot)
    /// and by the change derivation (which derives nothing from one).
    ///
    /// A registration and its cancellation change the registration table, and the one representation that shows it
    /// is the event's availability (`changedAvailability(in:)`, a narrower effect the cache and the derivation
    /// handle apart); the event itself publishes its policy and whether the window is open by time, never counts
    /// (`Representation.registrationPolicy`; the exports likewise). The switch is exhaustive so a new command decides.
    var changesPublicRepresentation: Bool {
        switch self {
        case .createEvent, .updateEvent, .deleteEvent, .createSlot, .updateSlot, .deleteSlot, .createPartner,
             .updatePartner, .deletePartner:
            true
        case .register, .cancelRegistration, .eraseRegistration:
            false
        }
    }

    /// The event whose availability counts (`GET /events/{id}/availability`) the command changed, when it changed
    /// no other representation; `state` is the state after it (a cancelled registration is still in it). A logged
    /// registration always adds a confirmed or waiting place (a refused one is never logged), and a cancellation
    /// always frees one (cancelling twice is refused; a promotion moves a waiting place to the confirmed one freed,
    /// so the waiting count drops). An erasure changes no count: the record keeps its place as an anonymous count
    /// (`Command.eraseRegistration`). A command that may change any representation answers nil: it is handled whole
    /// (`changesPublicRepresentation`).
    func changedAvailability(in state: AgoraState) -> String? {
        switch self {
        case .register(let request): request.eventId
        case .cancelRegistration(let registrationId, _): state.eventId(ofRegistration: registrationId)
        case .eraseRegistration, .createEvent, .updateEvent, .deleteEvent, .createSlot, .updateSlot, .deleteSlot,
             .createPartner, .updatePartner, .deletePartner:
            nil
        }
    }
}
