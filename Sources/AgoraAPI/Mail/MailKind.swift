/// Why a person gets an e-mail: the four moments of a registration (issue 12, "Confirmation e-mails"), and the
/// cancellation of the event it is for. The raw value names the template (`confirmed.de.txt`) and the outbox record.
enum MailKind: String, Sendable, CaseIterable {
    case confirmed, waitlisted, promoted, cancelled
    case eventCancelled = "event-cancelled"
}
