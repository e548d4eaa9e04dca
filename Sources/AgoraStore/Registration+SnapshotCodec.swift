// Registrations read back from the snapshot (they are written from the table's rows,
// RegistrationTable+SnapshotCodec.swift): the form Codable writes (keys sorted, absent optionals omitted), so
// either side reads the other's output. Anything else gives nil, and the snapshot goes to Codable.
import AgoraDomain
import AgoraJSON

extension Registration {
    /// Reads the Codable JSON form at the reader's position; nil when it is anything else.
    static func readJSON(from reader: inout JSONReader) -> Registration? {
        var identity = RegistrationIdentity()
        var status: RegistrationStatus?, createdAt: Instant?, sequence: Int?
        var cancelledAt: Instant??, erasedAt: Instant??, personalData: PersonalData??
        let read = reader.object { reader, key in
            if let shared = identity.read(key, from: &reader) { return shared }
            switch key {
            case "status":
                status = reader.string().flatMap(RegistrationStatus.init(rawValue:))
                return status != nil
            case "createdAt": createdAt = reader.instant(); return createdAt != nil
            case "cancelledAt": cancelledAt = reader.optionalInstant(); return cancelledAt != nil
            case "erasedAt": erasedAt = reader.optionalInstant(); return erasedAt != nil
            case "sequence": sequence = reader.integer(); return sequence != nil
            case "personalData":
                if reader.null() {
                    personalData = .some(nil)
                } else if let data = PersonalData.readJSON(from: &reader) {
                    personalData = .some(data)
                }
                return personalData != nil
            default: return false
            }
        }
        guard read, let id = identity.id, let eventId = identity.eventId, let status, let createdAt, let sequence else {
            return nil
        }
        return Registration(id: id, eventId: eventId, slotId: identity.slotId ?? nil, personalData: personalData ?? nil,
                            language: identity.language ?? nil, status: status, createdAt: createdAt,
                            cancelledAt: cancelledAt ?? nil, erasedAt: erasedAt ?? nil, sequence: sequence,
                            claim: identity.claim ?? nil)
    }
}

extension PersonalData {
    static func readJSON(from reader: inout JSONReader) -> PersonalData? {
        var name: String?, email: String?, organisation: String??
        let read = reader.object { reader, key in
            switch key {
            case "name": name = reader.string(); return name != nil
            case "email": email = reader.string(); return email != nil
            case "organisation": organisation = reader.optionalString(); return organisation != nil
            default: return false
            }
        }
        guard read, let name, let email else { return nil }
        return PersonalData(name: name, email: email, organisation: organisation ?? nil)
    }
}
