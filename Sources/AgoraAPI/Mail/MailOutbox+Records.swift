import AgoraDomain
import AgoraJSON
import OutboundMail

// The mail outbox file's records, one JSON object a line: `enqueue` (a message owed: its kind, registration,
// sequence, event, language, the commit's time and — where the message carries the cancellation link — the token
// in clear, so the file is 0600 and an erasure compacts it at once), `done` (accepted by the relay, or refused
// for good, or given up, or no longer owed), `token` (a waiting registration's cancellation token, for its
// promotion's message) and `forget` (that token no longer kept). No address or name: the message is composed at
// delivery from the store, where an erasure removes them. An `enqueue` written before that change holds the whole
// message (`from`, `to`, `subject`, `text`, `calendar`…) and is still read and sent as it is. Compaction writes
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
                  let content = Entry.Content(record: record) else { return }
            enqueue(Entry(registrationId: registration, sequence: sequence, kind: kind, content: content))
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
        var members: [(String, JSONValue)] = [
            ("op", .string("enqueue")), ("registration", .string(entry.registrationId)), ("seq", .int(Int(entry.sequence))),
            ("kind", .string(entry.kind.rawValue)),
        ]
        switch entry.content {
        case .deferred(let eventId, let language, let token, let date):
            members += [("event", .string(eventId)), ("date", .int(Int(date)))]
            if let language { members.append(("language", .string(language))) }
            if let token { members.append(("token", .string(token))) }
            return .object(members)
        case .composed(let message):
            return wholeMessageRecord(entry, message)
        }
    }

    static func doneRecord(_ entry: Entry) -> JSONValue {
        .object([("op", .string("done")), ("registration", .string(entry.registrationId)), ("seq", .int(Int(entry.sequence)))])
    }
}

extension MailQueue.Entry.Content {
    init?(record: JSONInput) {
        if let message = MailMessage(record: record) {
            self = .composed(message)
            return
        }
        guard case .string(let eventId)? = record["event"], case .number(let date)? = record["date"],
              let seconds = Int64(date) else { return nil }
        var language: String?
        var token: String?
        if case .string(let tag)? = record["language"] { language = tag }
        if case .string(let clear)? = record["token"] { token = clear }
        self = .deferred(eventId: eventId, language: language, token: token, date: seconds)
    }
}
