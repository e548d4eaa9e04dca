import AgoraDomain
import AgoraJSON
import OutboundMail

// The mail outbox file's records, one JSON object a line: `enqueue` (a message owed, whole: it may hold the
// person's address and cancellation token, so the file is 0600 and an erasure compacts it at once), `done`
// (accepted by the relay, or refused for good, or given up, or no longer owed), `token` (a waiting registration's
// cancellation token, for its promotion's message) and `forget` (that token no longer kept). Compaction writes
// the pending `enqueue`s and the kept `token`s only.
extension MailQueue {
    mutating func apply(_ record: JSONInput) {
        guard case .string(let op)? = record["op"], case .string(let registration)? = record["registration"] else { return }
        switch op {
        case "token":
            if case .string(let token)? = record["token"] { tokens[registration] = token }
            return
        case "forget":
            tokens[registration] = nil
            return
        default:
            break
        }
        guard case .number(let text)? = record["seq"], let sequence = UInt64(text) else { return }
        switch op {
        case "enqueue":
            guard case .string(let kindName)? = record["kind"], let kind = MailKind(rawValue: kindName),
                  let message = MailMessage(record: record) else { return }
            enqueue(Entry(registrationId: registration, sequence: sequence, kind: kind, message: message))
        case "done":
            remove("\(registration)/\(sequence)")
        default:
            return
        }
    }

    var compacted: [[UInt8]] {
        sortedEntries.map { Self.enqueueRecord($0).bytes }
            + tokens.sorted { $0.key < $1.key }.map { Self.tokenRecord($0.key, token: $0.value).bytes }
    }

    static func tokenRecord(_ registrationId: String, token: String) -> JSONValue {
        .object([("op", .string("token")), ("registration", .string(registrationId)), ("token", .string(token))])
    }

    static func forgetRecord(_ registrationId: String) -> JSONValue {
        .object([("op", .string("forget")), ("registration", .string(registrationId))])
    }

    static func enqueueRecord(_ entry: Entry) -> JSONValue {
        let message = entry.message
        var members: [(String, JSONValue)] = [
            ("op", .string("enqueue")), ("registration", .string(entry.registrationId)), ("seq", .int(Int(entry.sequence))),
            ("kind", .string(entry.kind.rawValue)), ("from", .string(message.from.address)),
            ("to", .string(message.to.address)), ("subject", .string(message.subject)), ("text", .string(message.text)),
            ("messageId", .string(message.messageID)), ("date", .int(Int(message.date))),
        ]
        if let name = message.from.name { members.append(("fromName", .string(name))) }
        if let name = message.to.name { members.append(("toName", .string(name))) }
        if let language = message.language { members.append(("language", .string(language))) }
        if let calendar = message.attachments.first {
            members.append(("calendar", .string(String(decoding: calendar.bytes, as: UTF8.self))))
            members.append(("calendarType", .string(calendar.contentType)))
        }
        return .object(members)
    }

    static func doneRecord(_ entry: Entry) -> JSONValue {
        .object([("op", .string("done")), ("registration", .string(entry.registrationId)), ("seq", .int(Int(entry.sequence)))])
    }
}

extension MailMessage {
    init?(record: JSONInput) {
        guard case .string(let from)? = record["from"], case .string(let to)? = record["to"],
              case .string(let subject)? = record["subject"], case .string(let text)? = record["text"],
              case .string(let id)? = record["messageId"], case .number(let date)? = record["date"],
              let seconds = Int64(date) else { return nil }
        var fromName: String?
        var toName: String?
        var language: String?
        if case .string(let name)? = record["fromName"] { fromName = name }
        if case .string(let name)? = record["toName"] { toName = name }
        if case .string(let tag)? = record["language"] { language = tag }
        var attachments: [Attachment] = []
        if case .string(let calendar)? = record["calendar"], case .string(let type)? = record["calendarType"] {
            attachments.append(Attachment(contentType: type, filename: "invite.ics", bytes: Array(calendar.utf8)))
        }
        self.init(from: MailAddress(address: from, name: fromName), to: MailAddress(address: to, name: toName),
                  subject: subject, text: text, attachments: attachments, messageID: id, date: seconds, language: language)
    }
}
