/// Where a message goes: an SMTP relay or a local sendmail-compatible program. Blocking: called from the mail
/// outbox's delivery queue, never an event loop.
public protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage, timeout: Double) -> MailDelivery
}

/// What one attempt came to. SMTP's reply classes (RFC 5321 §4.2.1): 2yz accepted, 4yz a transient failure
/// (try again later), 5yz permanent (the relay refuses this message for good: sending it again changes nothing).
public enum MailDelivery: Sendable, Equatable {
    case accepted
    case transient(String)
    case permanent(String)
}
