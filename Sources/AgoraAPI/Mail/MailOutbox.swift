import AgoraDomain
import AgoraJSON
import AgoraStore
import Cryptography
import Dispatch
import Logging
import OutboundMail
import Synchronization

/// The durable mail outbox, built as the webhook outbox is (Docs/webhooks.md, "Durability"): a commit observer of
/// the store derives each durable batch's messages — a registration (confirmed or waitlisted), a promotion from the
/// waiting list, a cancellation, the cancellation of the event — and appends a short record of each to its file,
/// one fsync a batch, on the writer queue before the batch's callers are answered (`MailOutbox+Derivation.swift`);
/// the message itself is composed when it is sent, from the store's state then (`message(for:)`). A message leaves the file
/// only when a `done` record is durable after the relay's acknowledgement, so mail is sent once per (registration,
/// sequence), again only when the relay never said it took it. Never fired from a request handler: the handler
/// only lends the cancellation token, which the store keeps as a digest, for the observer to put into the message
/// (`lend`). The token of a registration on the waiting list is kept in the same file (`MailQueue.tokens`) until
/// its promotion's message carries it, or the registration ends.
///
/// Threads: the writer queue (derivation), `delivery` (composing, then one message at a time, blocking on the
/// relay, never an event loop). `state` (a mutex) owns the file, the queue, the lent tokens and the waiting-list memory.
final class MailOutbox: Sendable {
    struct State {
        let file: OutboxFile?
        var queue = MailQueue()
        /// Cancellation tokens lent by registering handlers, by registration id, until the observer sees the
        /// registration (or a minute passes: it was refused). Several for one id when two requests with one
        /// `Idempotency-Key` race: the one whose digest the store kept is the right one.
        var lent: [String: [(token: String, at: Double)]] = [:]
        /// Registrations waiting for a place, by event, to tell a promotion when a place is freed or added.
        var waiting: [String: Set<String>] = [:]
        /// Events whose cancellation was mailed already (a later update of a cancelled event mails nothing).
        var cancelledEvents: Set<String> = []
        var appended = 0
        /// Appends to the file, each one `write` and one fsync: one a committed batch that owes anything,
        /// whatever its size (what `MailOutboxTests` counts), and one a delivery's `done`.
        var appends = 0
        /// Shared outbox only: the retry state of messages whose last attempt failed, by `Entry.key` (the
        /// messages themselves are rows of the tables).
        var retries: [String: MailQueue.Entry] = [:]
    }

    let state: Mutex<State>
    let settings: MailSettings
    let transport: any MailTransport
    let composer: MailComposer
    /// The store's published state: what a message is composed from when it goes out.
    let currentState: @Sendable () -> AgoraState
    let now: @Sendable () -> Instant
    let logger: Logger
    let delivery = DispatchQueue(label: "agora.mail.delivery")
    /// With a PostgreSQL store: the tables and the lease (`MailOutbox+Shared.swift`); nil: the file.
    let shared: SharedDelivery?
    /// Whether a shared delivery pass is queued on `delivery` already (kicks coalesce into it).
    let sharedPassQueued = Atomic<Bool>(false)

    /// Nil when no transport is configured: mail is off, nothing is derived or kept.
    init?(settings: MailSettings, publicURL: String, store: DurableStore<AgoraState>,
          now: @escaping @Sendable () -> Instant, logger: Logger) throws {
        guard let transport = settings.transport else { return nil }
        let file = try settings.shared != nil ? nil : settings.outboxPath.map { path in try OutboxFile(path: path) }
        var recovered = State(file: file)
        let current = store.state
        for registration in current.registrations where registration.status == .waitlisted {
            recovered.waiting[registration.eventId, default: []].insert(registration.id)
        }
        recovered.cancelledEvents = Set(current.events.values.filter { $0.status == .cancelled }.map(\.id))
        if let file {
            for line in try file.lines() {
                // An unreadable line is the torn end of an append a crash cut: never acknowledged to anyone.
                guard let record = try? JSONParser.parse(line) else { continue }
                recovered.queue.apply(record)
            }
            // A token outlives nothing it was kept for: a registration no longer waiting (a crash between the
            // store's commit and this file's append) loses it here.
            recovered.queue.keepTokens { id in current.registrations[id]?.status == .waitlisted }
            try file.replace(with: recovered.queue.compacted)
        }
        state = Mutex(recovered)
        self.settings = settings
        self.transport = transport
        composer = MailComposer(from: settings.from, publicURL: publicURL, templates: settings.templates)
        currentState = { store.state }
        self.now = now
        self.logger = logger
        self.shared = settings.shared
        _ = store.observeCommits { [weak self] committed in self?.derive(committed) }
        settings.shared?.lease.observe { [weak self] event in if event != .lost { self?.kick() } }
        kick()
    }

    /// From the registering handler, before it submits: the token in clear, for this registration's message.
    func lend(_ token: String, for registrationId: String) {
        let time = Double(now().secondsSince1970)
        state.withLock { outbox in
            outbox.lent = outbox.lent.compactMapValues { tokens in
                let fresh = tokens.filter { time - $0.at < 60 }
                return fresh.isEmpty ? nil : fresh
            }
            outbox.lent[registrationId, default: []].append((token, time))
        }
    }

    /// The lent token of the stored registration: the one whose SHA-256 its claim holds.
    func takeLent(_ registration: Registration, in outbox: inout State) -> String? {
        guard let tokens = outbox.lent.removeValue(forKey: registration.id) else { return nil }
        guard let digest = registration.claim?.cancellationTokenSHA256 else { return nil }
        return tokens.first { AccessToken.matches($0.token, sha256Hex: digest) }?.token
    }

    func append(_ lines: [[UInt8]], in outbox: inout State) {
        guard let file = outbox.file, !lines.isEmpty else { return }
        outbox.appended += lines.count
        // Rewritten once the appended records outnumber what a rewrite keeps: a backlog (a relay slower than the
        // registrations) is then not copied again every 10 000 appends on the writer queue.
        if outbox.appended >= max(10_000, 2 * outbox.queue.entries.count) { compact(&outbox); return }
        outbox.appends += 1
        do throws(OutboxFile.Failure) { try file.append(lines) } catch {
            // The write is durable in the store already; the message stays queued in memory.
            logger.error("cannot write the mail outbox", metadata: ["error": "\(error.description)"])
        }
    }

    func compact(_ outbox: inout State) {
        guard let file = outbox.file else { return }
        do throws(OutboxFile.Failure) {
            try file.replace(with: outbox.queue.compacted)
            outbox.appended = 0
        } catch {
            logger.error("cannot rewrite the mail outbox", metadata: ["error": "\(error.description)"])
        }
    }
}
