import AgoraDomain
import AgoraStore

/// Turns a durable batch into its public changes (`PublicChange.derive`), rendering each ETag from the batch's
/// state once per resource. Remembers the event tags it last reported, so a registration that does not change
/// what a reader of its event sees (a waiting-list entry, an erasure) is no public change at all.
///
/// @unchecked Sendable: `lastTags` is touched only on `ChangeFeed.queue`, which calls `changes(of:)` in order.
final class ChangeDerivation: @unchecked Sendable {
    private var lastTags: [String: EntityTag?] = [:]

    func changes(of committed: CommittedCommands<AgoraState>) -> [PublicChange] {
        let instant = Instant(committed.time)
        var tags: [String: EntityTag?] = [:]
        let tag = { (resource: ReadResource) -> EntityTag? in
            if let known = tags[resource.path] { return known }
            let rendered = PublicRead.etag(of: resource, in: committed.state, at: instant)
            tags[resource.path] = rendered
            return rendered
        }
        var changes: [PublicChange] = []
        for logged in committed.commands {
            guard let change = PublicChange.derive(logged.command, sequence: logged.sequence, time: instant,
                                                   in: committed.state, tag: tag, lastTag: { self.lastTags[$0] })
            else { continue }
            lastTags[change.path] = change.etag
            changes.append(change)
        }
        return changes
    }
}
