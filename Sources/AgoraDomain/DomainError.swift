/// Why a command was refused. Each case says what a caller can do about it: fix the id (not found),
/// change the request or wait (conflict), or correct the listed fields (validation).
public enum DomainError: Error, Hashable, Sendable {
    case notFound(EntityKind, id: String)
    case conflict(Conflict)
    /// Every error-severity problem found, each with its field path; never empty.
    case validation([ValidationIssue])
}

public enum EntityKind: String, Codable, Hashable, Sendable {
    case event, slot, partner, registration
}

/// A request that is well-formed but clashes with the current state.
public enum Conflict: Hashable, Sendable {
    /// Something with this id exists already.
    case duplicateId(EntityKind, id: String)
    /// The event's policy is `none`: open to the public, no registration.
    case registrationNotRequired(eventId: String)
    case registrationNotOpenYet(eventId: String, opensAt: Instant)
    /// The deadline passed or the event is over; `closedAt` is when that happened.
    case registrationClosed(eventId: String, closedAt: Instant)
    /// Capacity reached and no waiting list (or the waiting list is full too).
    case eventFull(eventId: String)
    case eventCancelled(eventId: String)
    /// The same e-mail already holds an active registration for this event and slot.
    case alreadyRegistered(registrationId: String)
    case alreadyCancelled(registrationId: String)
    /// The slot cannot be deleted or dropped while active registrations point at it.
    case slotHasRegistrations(eventId: String, slotId: String, count: Int)
    /// A capacity below the number of confirmed places would un-confirm people.
    case capacityBelowConfirmed(eventId: String, confirmed: Int)
}

/// One problem found by validation, with the path of the field (`programme[3].endsAt`).
/// Warnings are reported but do not block a command (the 2025 seed's overlapping slots).
public struct ValidationIssue: Codable, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Codable, Hashable, Sendable {
        case error, warning
    }

    public var path: String
    /// What is wrong, in English, with its template and values for translation.
    public var message: DomainMessage
    public var severity: Severity

    public init(path: String, message: DomainMessage, severity: Severity = .error) {
        self.path = path
        self.message = message
        self.severity = severity
    }

    public static func warning(_ path: String, _ message: DomainMessage) -> ValidationIssue {
        ValidationIssue(path: path, message: message, severity: .warning)
    }

    public var isWarning: Bool { severity == .warning }

    /// `programme[3].endsAt: must be after startsAt`.
    public var description: String { "\(path): \(message)" }
}

extension Array where Element == ValidationIssue {
    /// Prefixes every path, so an event's issues can be reported inside a command (`event.title`).
    func prefixed(_ prefix: String) -> [ValidationIssue] {
        map { ValidationIssue(path: $0.path.isEmpty ? prefix : "\(prefix).\($0.path)", message: $0.message,
                              severity: $0.severity) }
    }

    /// Throws the errors (not the warnings) if there are any.
    func throwIfErrors() throws(DomainError) {
        let errors = filter { !$0.isWarning }
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }
}
