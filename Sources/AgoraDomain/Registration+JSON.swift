// Hand-written JSON for registrations and the commands that create, cancel and erase them (the snapshot's
// registrations are written from the table's rows, AgoraState+JSON.swift; read back here): the forms
// Codable writes (keys sorted, absent optionals omitted), so either side reads the other's output.
// See JSONBytes.swift for why, and for the fallback rule.

extension Registration {
    /// Reads the Codable JSON form at the reader's position; nil when it is anything else.
    static func readJSON(from reader: inout JSONBytesReader) -> Registration? {
        var id: String?, eventId: String?, status: RegistrationStatus?, createdAt: Instant?, sequence: Int?
        var slotId: String??, language: String??, cancelledAt: Instant??, erasedAt: Instant??
        var personalData: PersonalData??, claim: RegistrationClaim??
        let read = reader.object { reader, key in
            switch key {
            case "claim":
                claim = RegistrationClaim.readOptionalJSON(from: &reader)
                return claim != nil
            case "id": id = reader.string(); return id != nil
            case "eventId": eventId = reader.string(); return eventId != nil
            case "slotId": slotId = reader.optionalString(); return slotId != nil
            case "language": language = reader.optionalString(); return language != nil
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
        guard read, let id, let eventId, let status, let createdAt, let sequence else { return nil }
        return Registration(id: id, eventId: eventId, slotId: slotId ?? nil, personalData: personalData ?? nil,
                            language: language ?? nil, status: status, createdAt: createdAt,
                            cancelledAt: cancelledAt ?? nil, erasedAt: erasedAt ?? nil, sequence: sequence,
                            claim: claim ?? nil)
    }
}

extension PersonalData {
    static func readJSON(from reader: inout JSONBytesReader) -> PersonalData? {
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

extension RegistrationRequest {
    func appendJSON(to writer: inout JSONBytesWriter) {
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

    static func readJSON(from reader: inout JSONBytesReader) -> RegistrationRequest? {
        var id: String?, eventId: String?, name: String?, email: String?, requestedAt: Instant?
        var slotId: String??, organisation: String??, language: String??, claim: RegistrationClaim??
        let read = reader.object { reader, key in
            switch key {
            case "claim":
                claim = RegistrationClaim.readOptionalJSON(from: &reader)
                return claim != nil
            case "id": id = reader.string(); return id != nil
            case "eventId": eventId = reader.string(); return eventId != nil
            case "slotId": slotId = reader.optionalString(); return slotId != nil
            case "name": name = reader.string(); return name != nil
            case "email": email = reader.string(); return email != nil
            case "organisation": organisation = reader.optionalString(); return organisation != nil
            case "language": language = reader.optionalString(); return language != nil
            case "requestedAt": requestedAt = reader.instant(); return requestedAt != nil
            default: return false
            }
        }
        guard read, let id, let eventId, let name, let email, let requestedAt else { return nil }
        return RegistrationRequest(id: id, eventId: eventId, slotId: slotId ?? nil, name: name, email: email,
                                   organisation: organisation ?? nil, language: language ?? nil, requestedAt: requestedAt,
                                   claim: claim ?? nil)
    }
}

extension Command {
    /// The command's JSON for the journal, hand-written for register/cancel/erase (the volume), nil for
    /// every other command (the caller then uses Codable). Same form as Codable's.
    public var fastJSON: [UInt8]? {
        var writer = JSONBytesWriter()
        switch self {
        case .register(let request):
            writer.raw(#"{"register":{"request":"#)
            request.appendJSON(to: &writer)
            writer.raw("}}")
        case .cancelRegistration(let registrationId, let at):
            writer.raw(#"{"cancelRegistration":{"at":"#)
            writer.instant(at)
            writer.raw(#","registrationId":"#)
            writer.string(registrationId)
            writer.raw("}}")
        case .eraseRegistration(let registrationId, let at):
            writer.raw(#"{"eraseRegistration":{"at":"#)
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
    public init?(fastJSON bytes: [UInt8], range: Range<Int>) {
        var reader = JSONBytesReader(bytes, range: range)
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

extension RegistrationClaim {
    /// Codable's form, keys sorted: {"cancellationTokenSHA256", "requestSHA256"?, "retryKey"?}.
    func appendJSON(to writer: inout JSONBytesWriter) {
        writer.raw("{")
        writer.key("cancellationTokenSHA256", first: true)
        writer.string(cancellationTokenSHA256)
        if let requestSHA256 {
            writer.key("requestSHA256")
            writer.string(requestSHA256)
        }
        if let retryKey {
            writer.key("retryKey")
            writer.string(retryKey)
        }
        writer.raw("}")
    }

    /// `null` → .some(nil); an object → .some(claim); anything else → nil (the caller falls back to Codable).
    static func readOptionalJSON(from reader: inout JSONBytesReader) -> RegistrationClaim?? {
        if reader.null() { return .some(nil) }
        var token: String?, requestSHA256: String??, retryKey: String??
        let read = reader.object { reader, key in
            switch key {
            case "cancellationTokenSHA256": token = reader.string(); return token != nil
            case "requestSHA256": requestSHA256 = reader.optionalString(); return requestSHA256 != nil
            case "retryKey": retryKey = reader.optionalString(); return retryKey != nil
            default: return false
            }
        }
        guard read, let token else { return nil }
        return .some(RegistrationClaim(cancellationTokenSHA256: token, retryKey: retryKey ?? nil,
                                       requestSHA256: requestSHA256 ?? nil))
    }
}
