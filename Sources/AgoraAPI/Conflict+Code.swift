public import AgoraDomain

extension Conflict {
    /// A machine-readable name for the conflict, so a client can act on it without parsing the detail.
    public var code: String {
        switch self {
        case .duplicateId: "duplicateId"
        case .registrationNotRequired: "registrationNotRequired"
        case .registrationNotOpenYet: "registrationNotOpenYet"
        case .registrationClosed: "registrationClosed"
        case .eventFull: "eventFull"
        case .eventCancelled: "eventCancelled"
        case .alreadyRegistered: "alreadyRegistered"
        case .alreadyCancelled: "alreadyCancelled"
        case .slotHasRegistrations: "slotHasRegistrations"
        case .capacityBelowConfirmed: "capacityBelowConfirmed"
        }
    }
}
