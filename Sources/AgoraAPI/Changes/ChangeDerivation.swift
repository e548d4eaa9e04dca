import AgoraDomain
import AgoraStore

/// Turns a durable batch into its public changes (`PublicChange.derive`), rendering each ETag from the batch's
/// state once per resource. A batch of registrations only (most batches on a busy day) renders only the availability
/// of the events it registered for, once each (a few hundred bytes; `Command.changedAvailability(in:)`), never an
/// event: none of its commands can change another public representation (`Command.changesPublicRepresentation`).
///
/// Stateless, so the feed's queue and the webhook outbox's writer-queue observer may each hold one.
struct ChangeDerivation: Sendable {
    func changes(of committed: CommittedCommands<AgoraState>) -> [PublicChange] {
        let instant = Instant(committed.time)
        var tags: [String: EntityTag?] = [:]
        let tag = { (resource: ReadResource) -> EntityTag? in
            if let known = tags[resource.path] { return known }
            let rendered = PublicRead.etag(of: resource, in: committed.state, at: instant)
            tags[resource.path] = rendered
            return rendered
        }
        return committed.commands.compactMap { logged in
            PublicChange.derive(logged.command, sequence: logged.sequence, time: instant, in: committed.state, tag: tag)
        }
    }
}
