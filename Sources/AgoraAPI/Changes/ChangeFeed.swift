import AgoraDomain
import AgoraStore
import Dispatch
import FoundationEssentials
import HTTPServer
import Synchronization

/// The public change feed: derives `PublicChange`s from the store's durable batches by sequence number (a commit
/// observer, `DurableStore.observeCommits`), keeps the last ones (`ChangeWindow`), answers reads of the changes
/// after a sequence, and writes every new change to the held streams subscribed to it.
///
/// Threads: the store's writer hands each batch over and returns; `queue` (serial, in sequence order) renders the
/// ETags and derives the changes; `state` (a mutex) holds the window and the subscribers, and a change is appended
/// and sent to the streams under it — so a stream that subscribes after `since` gets the retained changes and
/// then every later one, none twice and none missed.
final class ChangeFeed: Sendable {
    struct Subscriber: Sendable {
        let stream: ResponseStream
        let events: Set<String>
    }

    struct FeedState: Sendable {
        var window: ChangeWindow
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriber = 0
    }

    let settings: ChangeFeedSettings
    let state: Mutex<FeedState>
    /// Where batches are derived, in order; a read that must see every acknowledged write waits its turn here.
    let queue = DispatchQueue(label: "agora.changes", qos: .userInitiated)
    private let derivation: ChangeDerivation
    private let heartbeatInterval: DispatchTimeInterval

    /// Starts following `store`: the feed holds the changes after the store's sequence now.
    init(store: DurableStore<AgoraState>, settings: ChangeFeedSettings) {
        self.settings = settings
        derivation = ChangeDerivation()
        state = Mutex(FeedState(window: ChangeWindow(capacity: settings.retained, startingAfter: 0)))
        let beat = max(settings.heartbeat, .milliseconds(10)).components
        heartbeatInterval = .milliseconds(Int(beat.seconds) * 1_000 + Int(beat.attoseconds / 1_000_000_000_000_000))
        // On `queue`, so the first batch's derivation (queued there by the observer) finds the window already
        // starting at the sequence the observer starts after.
        queue.sync {
            let start = store.observeCommits { [weak self] committed in
                guard let self else { return }
                queue.async { self.derive(committed) }
            }
            state.withLock { $0.window = ChangeWindow(capacity: settings.retained, startingAfter: start) }
        }
        scheduleHeartbeat()
    }

    /// The next heartbeat on `queue`; the chain ends with the feed.
    private func scheduleHeartbeat() {
        queue.asyncAfter(deadline: .now() + heartbeatInterval) { [weak self] in
            guard let self else { return }
            heartbeat()
            scheduleHeartbeat()
        }
    }

    var head: UInt64 { state.withLock { $0.window.head } }

    /// On `queue`: one batch's changes, appended and sent.
    private func derive(_ committed: CommittedCommands<AgoraState>) {
        let changes = derivation.changes(of: committed)
        let framed = changes.map { ($0, Self.message($0)) }
        state.withLock { feed in
            feed.window.append(changes, through: committed.sequence)
            for (change, bytes) in framed {
                for subscriber in feed.subscribers.values where change.matches(events: subscriber.events) {
                    subscriber.stream.send(bytes)
                }
            }
        }
    }

    /// Every held stream gets a comment (WHATWG HTML §9.2.7 suggests one every 15 s or so). Also the test's hook:
    /// an injected interval, or a direct call, instead of waiting.
    func heartbeat() {
        let comment = ServerSentEvent.comment("keep-alive")
        state.withLock { feed in
            for subscriber in feed.subscribers.values { subscriber.stream.send(comment) }
        }
    }

    /// The changes after `since` that `events` keeps (all when empty), at most `limit`.
    func page(after since: UInt64, limit: Int, events: Set<String>) -> (ChangeWindow.Page, head: UInt64) {
        state.withLock { feed in
            (feed.window.after(since, limit: limit) { $0.matches(events: events) }, feed.window.head)
        }
    }

    /// Whether `since` can be resumed from now (for a stream's answer before its head is sent).
    func gone(_ since: UInt64) -> ChangeWindow.Page? {
        state.withLock { feed in
            let window = feed.window
            return since < window.floor || since > window.head ? .gone(floor: window.floor, head: window.head) : nil
        }
    }

    /// Sends `stream` every retained change after `since` that `events` keeps, then every later one as it comes;
    /// the subscription ends with the stream. A `since` no longer retained (the window moved since the check) ends
    /// the stream at once: the client reconnects and is told 410.
    func subscribe(_ stream: ResponseStream, after since: UInt64, events: Set<String>) {
        let id: Int? = state.withLock { feed in
            guard case .changes(let backlog, _) = feed.window.after(since, limit: .max, keep: { $0.matches(events: events) })
            else { return nil }
            for change in backlog { stream.send(Self.message(change)) }
            let id = feed.nextSubscriber
            feed.nextSubscriber += 1
            feed.subscribers[id] = Subscriber(stream: stream, events: events)
            return id
        }
        guard let id else {
            stream.finish(ServerSentEvent.comment("since is no longer retained"))
            return
        }
        stream.onEnd { [weak self] in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }

    /// A change as an event-stream message: `id:` is its sequence, `data:` its JSON.
    static func message(_ change: PublicChange) -> [UInt8] {
        ServerSentEvent(id: String(change.sequence), data: change.json.text).bytes
    }
}
