import AgoraDomain

extension Command {
    /// Whether applying the command may change any public representation (a GET's bytes, hence its ETag). The one
    /// place that knows it, read by the representation cache (which keeps its entries across a command that cannot)
    /// and by the change derivation (which derives nothing from one).
    ///
    /// A registration, its cancellation and its erasure change only the registration table, and no public
    /// representation shows it: the event publishes its policy and whether the window is open by time, never how
    /// many are registered (`Representation.registrationPolicy`; the exports likewise). Should a representation
    /// ever publish counts, these cases must answer true — the switch is exhaustive so a new command decides too.
    var changesPublicRepresentation: Bool {
        switch self {
        case .createEvent, .updateEvent, .deleteEvent, .createSlot, .updateSlot, .deleteSlot, .createPartner,
             .updatePartner, .deletePartner:
            true
        case .register, .cancelRegistration, .eraseRegistration:
            false
        }
    }
}
