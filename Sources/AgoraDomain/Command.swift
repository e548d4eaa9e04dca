/// Every change to the state. Commands are pure data: ids and instants are decided by whoever builds
/// the command (the API, with an injected clock and id source), so applying a journal of commands
/// twice gives the same state.
///
/// JSON (stable; the store journals one per line): Swift's synthesized enum coding, i.e. an object with
/// one key naming the case, holding the labelled values:
/// `{"register":{"request":{…}}}`, `{"deleteSlot":{"eventId":"…","slotId":"…"}}`.
/// Renaming a case or a label breaks existing journals.
///
/// `indirect`: each payload lives in a box, so a command is one reference. Inline, a command was as large as its
/// largest payload (an `Event`, hundreds of bytes): every copy of a registration command — the journal reader
/// keeps them in arrays and hands them on by value — copied those bytes and retained each of its strings, which was
/// a sixth of the journal replay's serial time (issue 16).
public indirect enum Command: Codable, Hashable, Sendable {
    case createEvent(event: Event)
    /// Replaces the event with the same id, programme and partner links included.
    case updateEvent(event: Event)
    /// Deletes the event, its programme and its registrations (personal data included).
    case deleteEvent(eventId: String)

    case createSlot(eventId: String, slot: ProgrammeSlot)
    case updateSlot(eventId: String, slot: ProgrammeSlot)
    case deleteSlot(eventId: String, slotId: String)

    case createPartner(partner: Partner)
    case updatePartner(partner: Partner)
    /// Deletes the partner and unlinks it from events and speakers.
    case deletePartner(partnerId: String)

    case register(request: RegistrationRequest)
    /// A cancelled confirmed place goes to the first waitlisted registration.
    case cancelRegistration(registrationId: String, at: Instant)
    /// Removes name, e-mail and organisation; the record stays as an anonymous count.
    case eraseRegistration(registrationId: String, at: Instant)
}

extension Command {
    /// True when applying the command removes personal data, so the store must also remove it from
    /// disk at once (new snapshot, journal truncated). Deleting an event deletes its registrations.
    public var erasesPersonalData: Bool {
        switch self {
        case .eraseRegistration, .deleteEvent: return true
        default: return false
        }
    }
}

/// What a command did, for the caller to report (201 with an id, 200, 204, …).
public enum CommandOutcome: Hashable, Sendable {
    case created(id: String)
    case updated(id: String)
    case deleted(id: String)
    case registered(id: String, RegistrationStatus)
    /// `promoted` is the waitlisted registration that got the freed place, if any.
    case cancelled(id: String, promoted: String?)
    case erased(id: String)
}
