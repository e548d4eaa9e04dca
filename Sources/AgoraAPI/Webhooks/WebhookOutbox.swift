import AgoraDomain
import AgoraJSON
import AgoraStore
import Dispatch
import Logging
import OutboundHTTP
import Synchronization

/// The durable webhook outbox. A commit observer of the store (`DurableStore.observeCommits`) derives each durable
/// batch's public changes (`ChangeDerivation`, as the feed does) and, for every enabled subscription that wants
/// one (enabled or not), appends a message to the outbox file and fsyncs it — on the store's writer queue, before the batch's
/// callers are answered. So every acknowledged write's messages are durable whatever happens next (SIGKILL, power
/// loss), independent of the journal's truncation at snapshots and of the feed's in-memory window. A message
/// leaves the queue only when a `done` record for it is durable; a crash in between sends it again with the same
/// `webhook-id` (at least once; receivers deduplicate by that id).
///
/// Threads: the writer queue (derivation, enqueue), `admin` (the routes' writes), and one delivery at a time per
/// subscription on a global queue (`running`), never an event loop. `state` (a mutex) owns the file and the queues.
final class WebhookOutbox: Sendable {
    struct State {
        /// Nil: an outbox in memory only (`outboxPath` nil: `agora routes`, in-process tests).
        let file: OutboxFile?
        /// Records appended since the file was last compacted; past `settings.compactAfterRecords` it is rewritten.
        var appended = 0
        var subscriptions: [String: WebhookSubscription] = [:]
        var queues: [String: WebhookQueue] = [:]
    }

    let state: Mutex<State>
    let settings: WebhookSettings
    let client: OutboundClient
    let now: @Sendable () -> Instant
    let logger: Logger
    /// With a PostgreSQL store: the tables and the lease (`WebhookOutbox+Shared.swift`); nil: the file.
    let shared: SharedDelivery?
    /// Bumped by every write of this instance to the shared subscriptions: a reload read before one is stale.
    let sharedWrites = Atomic<Int>(0)
    /// The lease's ticks on the holder, to prune delivered rows now and then.
    let pruneTicks = Atomic<Int>(0)
    /// Where the admin routes' writes (an fsync each) run, off the event loops.
    let admin = DispatchQueue(label: "agora.webhooks.admin")
    /// Touched only on the store's writer queue (the observer), which calls it in sequence order.
    private let derivation = ChangeDerivation()

    init(settings: WebhookSettings, store: DurableStore<AgoraState>, now: @escaping @Sendable () -> Instant,
         logger: Logger) throws {
        let file = try settings.shared != nil ? nil : settings.outboxPath.map { path in try OutboxFile(path: path) }
        var recovered = State(file: file)
        if let shared = settings.shared {
            try Self.loadShared(shared.storage, into: &recovered)
        }
        if let file {
            for line in try file.lines() {
                // A line that does not parse is the torn end of an append a crash interrupted: never acknowledged.
                guard let record = try? JSONParser.parse(line) else { continue }
                recovered.apply(record)
            }
            try file.replace(with: recovered.compacted)
        }
        state = Mutex(recovered)
        self.settings = settings
        self.client = OutboundClient(policy: AddressPolicy(allowedHosts: settings.allowedHosts),
                                     tls: try TLSClientContext(caFile: settings.caFile))
        self.now = now
        self.logger = logger
        self.shared = settings.shared
        _ = store.observeCommits { [weak self] committed in self?.derive(committed) }
        settings.shared?.lease.observe { [weak self] event in self?.leaseChanged(event) }
        for id in state.withLock({ Array($0.subscriptions.keys) }) { kick(id) }
    }

    /// On the store's writer queue: the batch's messages, made durable before it returns. A disabled subscription
    /// is queued for too and sent nothing (`kick`): enabling it again resumes at its first undelivered change, so
    /// nothing committed meanwhile is lost (Docs/webhooks.md, "Disabled subscriptions").
    private func derive(_ committed: CommittedCommands<AgoraState>) {
        guard state.withLock({ !$0.subscriptions.isEmpty }) else { return }
        let changes = derivation.changes(of: committed)
        guard !changes.isEmpty else { return }
        if let shared {
            deriveShared(changes, into: shared)
            return
        }
        let kicked: [String] = state.withLock { outbox in
            var records: [[UInt8]] = []
            var added: [(String, WebhookQueue.Message)] = []
            for change in changes {
                for subscription in outbox.subscriptions.values
                where change.sequence > subscription.createdAfter && subscription.wants(change) {
                    let message = WebhookQueue.Message(sequence: change.sequence, body: change.webhookPayload)
                    records.append(State.enqueueRecord(subscription.id, message).bytes)
                    added.append((subscription.id, message))
                }
            }
            guard !records.isEmpty else { return [] }
            for (id, message) in added { outbox.queues[id, default: WebhookQueue()].enqueue(message) }
            // A failed append: the write is durable in the store already and cannot be refused now; the messages
            // stay queued in memory and are delivered unless the process stops before the next compaction.
            append(records, in: &outbox)
            return Array(Set(added.map(\.0)))
        }
        for id in kicked { kick(id) }
    }

    /// Appends records (under the lock), logging a failure: a lost `done` only means one more delivery.
    func record(_ records: [JSONValue], in outbox: inout State) {
        if let shared {
            write(records, to: shared.storage, in: &outbox)
            return
        }
        append(records.map(\.bytes), in: &outbox)
    }

    private func append(_ lines: [[UInt8]], in outbox: inout State) {
        guard let file = outbox.file, !lines.isEmpty else { return }
        do throws(OutboxFile.Failure) {
            outbox.appended += lines.count
            if outbox.appended >= settings.compactAfterRecords {
                // The state already holds what `lines` say: rewriting it replaces them too.
                try file.replace(with: outbox.compacted)
                outbox.appended = 0
            } else {
                try file.append(lines)
            }
        } catch {
            logger.error("cannot write the webhook outbox", metadata: ["error": "\(error.description)"])
        }
    }
}
