// The members a registration request (journal) and a registration (snapshot) share: who it is for, and what the
// client chose that is not personal data. Read in one place so both readers agree on their JSON.
import AgoraDomain
import AgoraJSON

struct RegistrationIdentity {
    var id: String?
    var eventId: String?
    var slotId: String??
    var language: String??
    var claim: RegistrationClaim??

    /// Reads `key`'s value when it is one of the shared members: true or false for read or malformed, nil when the
    /// key is not one of them (the caller reads its own).
    mutating func read(_ key: JSONKey, from reader: inout JSONReader) -> Bool? {
        switch key {
        case "claim":
            claim = RegistrationClaim.readOptionalJSON(from: &reader)
            return claim != nil
        case "id": id = reader.string(); return id != nil
        case "eventId": eventId = reader.string(); return eventId != nil
        case "slotId": slotId = reader.optionalString(); return slotId != nil
        case "language": language = reader.optionalString(); return language != nil
        default: return nil
        }
    }
}
