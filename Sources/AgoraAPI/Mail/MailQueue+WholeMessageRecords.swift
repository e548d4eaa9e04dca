import AgoraJSON
import OutboundMail

// The `enqueue` record in the form outbox files had before composing moved to the delivery queue: the whole
// message, address and name included. Still read (a file written by an earlier version is sent as it is) and
// written back by a compaction while such a message is owed; new messages are never written this way.
extension MailQueue {
    /// An `enqueue` in the earlier form, the message whole: what a compaction writes back for one read from an
    /// older file (its address stays until it is sent or the registration erased).
    static func wholeMessageRecord(_ entry: Entry, _ message: MailMessage) -> JSONValue {
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
}

extension MailMessage {
    /// An `enqueue` record in the earlier form (the whole message); nil for one in the current form.
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
