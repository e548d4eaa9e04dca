// The journal's hand-written commands: register, cancel and erase (the volume; every other command goes
// through Codable), in the form Codable writes (keys sorted, absent optionals omitted), so either side reads
// the other's output. The reader gives nil for anything else, and the journal reader hands it to Codable.
import AgoraDomain
import AgoraJSON

extension Command {
    /// The command's JSON for the journal, hand-written for register/cancel/erase (the volume), nil for
    /// every other command (the caller then uses Codable). Same form as Codable's.
    var fastJSON: [UInt8]? {
        var writer = JSONWriter()
        switch self {
        case .register(let request):
            writer.raw(#"{"register":{"request":"#)
            request.appendJSON(to: &writer)
            writer.raw("}}")
        case .cancelRegistration(let registrationId, let at), .eraseRegistration(let registrationId, let at):
            if case .cancelRegistration = self {
                writer.raw(#"{"cancelRegistration":{"at":"#)
            } else {
                writer.raw(#"{"eraseRegistration":{"at":"#)
            }
            writer.instant(at)
            writer.raw(#","registrationId":"#)
            writer.string(registrationId)
            writer.raw("}}")
        default:
            return nil
        }
        return writer.bytes
    }

    /// Reads a register/cancel/erase command from `bytes[range]`; nil for anything else (decode it
    /// with Codable, which reads every command and reports errors).
    init?(fastJSON bytes: [UInt8], range: Range<Int>) {
        var reader = JSONReader(bytes, range: range)
        var command: Command?
        let read = reader.object { reader, key in
            guard command == nil else { return false }
            switch key {
            case "register":
                var request: RegistrationRequest?
                let inner = reader.object { reader, key in
                    guard "request" ~= key, request == nil else { return false }
                    request = RegistrationRequest.readJSON(from: &reader)
                    return request != nil
                }
                guard inner, let request else { return false }
                command = .register(request: request)
                return true
            case "cancelRegistration", "eraseRegistration":
                var registrationId: String?, at: Instant?
                let inner = reader.object { reader, key in
                    switch key {
                    case "registrationId": registrationId = reader.string(); return registrationId != nil
                    case "at": at = reader.instant(); return at != nil
                    default: return false
                    }
                }
                guard inner, let registrationId, let at else { return false }
                command = "cancelRegistration" ~= key
                    ? .cancelRegistration(registrationId: registrationId, at: at)
                    : .eraseRegistration(registrationId: registrationId, at: at)
                return true
            default:
                return false
            }
        }
        guard read, reader.atEnd, let command else { return nil }
        self = command
    }
}

extension RegistrationRequest {
    func appendJSON(to writer: inout JSONWriter) {
        writer.raw("{")
        if let claim {
            writer.key("claim", first: true)
            claim.appendJSON(to: &writer)
        }
        writer.key("email", first: claim == nil)
        writer.string(email)
        writer.key("eventId")
        writer.string(eventId)
        writer.key("id")
        writer.string(id)
        if let language {
            writer.key("language")
            writer.string(language)
        }
        writer.key("name")
        writer.string(name)
        if let organisation {
            writer.key("organisation")
            writer.string(organisation)
        }
        writer.key("requestedAt")
        writer.instant(requestedAt)
        if let slotId {
            writer.key("slotId")
            writer.string(slotId)
        }
        writer.raw("}")
    }

    static func readJSON(from reader: inout JSONReader) -> RegistrationRequest? {
        var identity = RegistrationIdentity()
        var name: String?, email: String?, organisation: String??, requestedAt: Instant?
        let read = reader.object { reader, key in
            if let shared = identity.read(key, from: &reader) { return shared }
            switch key {
            case "name": name = reader.string(); return name != nil
            case "email": email = reader.string(); return email != nil
            case "organisation": organisation = reader.optionalString(); return organisation != nil
            case "requestedAt": requestedAt = reader.instant(); return requestedAt != nil
            default: return false
            }
        }
        guard read, let id = identity.id, let eventId = identity.eventId, let name, let email, let requestedAt else {
            return nil
        }
        return RegistrationRequest(id: id, eventId: eventId, slotId: identity.slotId ?? nil, name: name, email: email,
                                   organisation: organisation ?? nil, language: identity.language ?? nil,
                                   requestedAt: requestedAt, claim: identity.claim ?? nil)
    }
}
