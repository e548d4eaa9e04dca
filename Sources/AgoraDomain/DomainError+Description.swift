/// One English sentence per error, for logs and for the `detail` of an API problem response.
/// Callers that need to act on an error switch over the cases instead of parsing this text.
extension DomainError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notFound(let kind, let id):
            return "No \(kind.rawValue) with id \"\(id)\"."
        case .conflict(let conflict):
            return conflict.description
        case .validation(let issues):
            return "Invalid: " + issues.map(\.description).joined(separator: "; ") + "."
        }
    }
}

extension Conflict: CustomStringConvertible {
    public var description: String { message.description }

    /// The sentence, with its template and values for translation.
    public var message: DomainMessage {
        switch self {
        case .duplicateId(let kind, let id):
            return "A \(kind.rawValue) with id \"\(id)\" already exists."
        case .registrationNotRequired(let eventId):
            return "Event \"\(eventId)\" is open to the public without registration."
        case .registrationNotOpenYet(let eventId, let opensAt):
            return "Registration for event \"\(eventId)\" opens at \(opensAt)."
        case .registrationClosed(let eventId, let closedAt):
            return "Registration for event \"\(eventId)\" closed at \(closedAt)."
        case .eventFull(let eventId):
            return "Event \"\(eventId)\" is full."
        case .eventCancelled(let eventId):
            return "Event \"\(eventId)\" is cancelled."
        case .alreadyRegistered(let registrationId):
            return "This e-mail address already holds registration \"\(registrationId)\"."
        case .alreadyCancelled(let registrationId):
            return "Registration \"\(registrationId)\" is already cancelled."
        case .slotHasRegistrations(let eventId, let slotId, let count):
            return "Slot \"\(slotId)\" of event \"\(eventId)\" has \(count) active registration(s)."
        case .capacityBelowConfirmed(let eventId, let confirmed):
            return "Event \"\(eventId)\" already has \(confirmed) confirmed registrations; capacity cannot be lower."
        }
    }
}
