import AgoraDomain
import AgoraExports
import OutboundMail

/// Builds the message for one registration moment: the template in the person's language, filled with the event,
/// their slot, the start in the event's time zone and the cancellation link; the registration's calendar
/// (`RegistrationCalendar`, as `GET /registrations/{id}/calendar.ics` serves it) attached as `text/calendar`
/// with its METHOD (RFC 6047 §2.4: the part's `method` parameter repeats the calendar's METHOD).
struct MailComposer: Sendable {
    let from: MailAddress
    let publicURL: String
    let templates: [String: String]

    /// Nil when the registration names nobody (erased) or has no address that can go into a header. Called on the
    /// delivery queue with the store's state when the message goes out (`MailOutbox.message(for:)`); `language` is
    /// the one the registration had at the commit, `date` the commit's time.
    func compose(_ kind: MailKind, registration: Registration, event: Event, partners: [String], language: String?,
                 token: String?, sequence: UInt64, date: Int64) -> MailMessage? {
        guard let person = registration.personalData else { return nil }
        let to = MailAddress(address: person.email, name: person.name)
        guard to.isPlausible else { return nil }
        let (template, language) = MailTemplate.choose(kind, language: language, overrides: templates)
        var naming = ExportLanguage(ranked: [language, event.defaultLanguage])
        let eventName = naming.resolve(event.title, defaultLanguage: event.defaultLanguage)?.text ?? event.id
        let slot = registration.slotId.flatMap { event.slot(withId: $0) }
        let slotName = slot.flatMap { naming.resolve($0.title, defaultLanguage: event.defaultLanguage)?.text }
        let start = Self.wallClock(slot?.startsAt ?? event.startsAt, zone: event.timeZone)
        let filled = template.filled([
            "name": person.name,
            "event": eventName,
            "slot": slotName.map { " (\($0))" } ?? "",
            "start": start,
            "cancelUrl": token.map { cancellationLink(registration.id, token: $0) } ?? "",
        ])
        let calendar = RegistrationCalendar.render(registration, of: event, partners: partners, languages: [language])
        let attachment = MailMessage.Attachment(contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                                                filename: "invite.ics", bytes: calendar.bytes)
        return MailMessage(from: from, to: to, subject: filled.subject, text: filled.body, attachments: [attachment],
                           messageID: Self.messageID(registration.id, sequence: sequence, domain: from.address),
                           date: date, language: language)
    }

    /// The front-end's page for cancelling, the token in the fragment: a fragment never leaves the browser (RFC
    /// 3986 §3.5), so it is in no request line, access log or Referer on the way to the page.
    func cancellationLink(_ id: String, token: String) -> String {
        "\(publicURL)/cancel/\(id)#token=\(token)"
    }

    /// Stable for (registration, sequence): a resend after a lost acknowledgement carries the same id.
    static func messageID(_ id: String, sequence: UInt64, domain address: String) -> String {
        let domain = address.split(separator: "@").last.map(String.init) ?? "localhost"
        return "registration-\(id)-\(sequence)@\(domain)"
    }

    /// `2026-12-01 09:30 (Europe/Luxembourg)`: what a wall clock at the event shows.
    static func wallClock(_ instant: Instant, zone: String) -> String {
        let local = instant.localDateTime(inZone: zone)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(local.year)-\(two(local.month))-\(two(local.day)) \(two(local.hour)):\(two(local.minute)) (\(zone))"
    }
}
