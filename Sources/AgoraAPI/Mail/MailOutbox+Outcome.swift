import AgoraDomain
import OutboundMail

// What an attempt's outcome means for the message, judged in one place for both deliveries (the file's queue,
// `deliverNext`, and the shared rows, `deliverShared`): accepted (2yz after the data) or refused for good (5yz)
// ends it; a transient failure (4yz, no answer) is retried with the webhooks' back-off and jitter, and given up
// once it has been retried for `giveUpAfter` (3 days by default). Each delivery then records the verdict its
// own way (a `done` record in mail.jsonl, or the row marked done).
extension MailOutbox {
    enum AttemptVerdict {
        /// No longer owed: sent, refused for good, or retried for too long.
        case finished
        /// Owed still: the entry with its failure count, first attempt and next try (`notBefore`) updated.
        case retry(MailQueue.Entry)
    }

    /// The verdict on `outcome` for `entry`, attempted at `attempt`; logs what an operator needs to know.
    func verdict(on outcome: MailDelivery, for entry: MailQueue.Entry, at attempt: Instant) -> AttemptVerdict {
        switch outcome {
        case .accepted:
            return .finished
        case .permanent(let reason):
            logger.error("the mail relay refused a message for good", metadata: [
                "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
            return .finished
        case .transient(let reason):
            var entry = entry
            entry.failures += 1
            let first = entry.firstAttempt ?? attempt
            entry.firstAttempt = first
            if Double(attempt.secondsSince1970 - first.secondsSince1970) >= settings.schedule.giveUpAfter {
                logger.error("a message was retried for too long: given up", metadata: [
                    "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
                return .finished
            }
            logger.warning("mail not delivered yet, will retry", metadata: [
                "registration": "\(entry.registrationId)", "sequence": "\(entry.sequence)", "reason": "\(reason)"])
            entry.notBefore = Double(attempt.secondsSince1970)
                + settings.schedule.delay(afterFailures: entry.failures, unit: Double.random(in: 0..<1))
            return .retry(entry)
        }
    }
}
