import AgoraDomain
import AgoraJSON
import AgoraStore
import Dispatch
import Logging
import OutboundMail
import Synchronization

/// The durable mail outbox, built as the webhook outbox is (Docs/webhooks.md, "Durability"): a commit observer of
/// the store derives each durable batch's messages — a registration (confirmed or waitlisted), a promotion from the
/// waiting list, a cancellation — and appends them to its file, fsynced, on the writer queue before the batch's
/// callers are answered. A message leaves the file only when a `done` record is durable after the relay's
/// acknowledgement, so mail is sent once per (registration, sequence), again only when the relay never said it
/// took it. Never fired from a request handler: the handler only lends the cancellation token, which the store
/// keeps as a digest, for the observer to put into the message (`lend`).
///
/// Threads: the writer queue (derivation), `delivery` (one message at a time, blocking on the relay, never an
/// event loop). `state` (a mutex) owns the file, the queue, the lent tokens and the waiting-list memory.
final class MailOutbox: Sendable {
    struct State {
        let file: OutboxFile?
        var queue = MailQueue()
        /// Cancellation tokens lent by the registering handler, until the observer sees the registration (or a
        /// minute passes: the registration was refused).
        var lent: [String: (token: String, at: Double)] = [:]
        /// Registrations waiting for a place, to tell a promotion when a cancellation frees one.
        var waitlisted: Set<String> = []
        var appended = 0
    }

    let state: Mutex<State>
    let settings: MailSettings
    let transport: any MailTransport
    let composer: MailComposer
    let now: @Sendable () -> Instant
    let logger: Logger
    let delivery = DispatchQueue(label: "agora.mail.delivery")

    /// Nil when no transport is configured: mail is off, nothing is derived or kept.
    init?(settings: MailSettings, publicURL: String, store: DurableStore<AgoraState>,
          now: @escaping @Sendable () -> Instant, logger: Logger) throws {
        guard let transport = settings.transport else { return nil }
        let file = try settings.outboxPath.map { path in try OutboxFile(path: path) }
        var recovered = State(file: file)
        if let file {
            for line in try file.lines() {
                // An unreadable line is the torn end of an append a crash cut: never acknowledged to anyone.
                guard let record = try? JSONParser.parse(line) else { continue }
                recovered.queue.apply(record)
            }
            try file.replace(with: recovered.queue.compacted)
        }
        recovered.waitlisted = Set(store.state.registrations.filter { $0.status == .waitlisted }.map(\.id))
        state = Mutex(recovered)
        self.settings = settings
        self.transport = transport
        composer = MailComposer(from: settings.from, publicURL: publicURL, templates: settings.templates)
        self.now = now
        self.logger = logger
        _ = store.observeCommits { [weak self] committed in self?.derive(committed) }
        kick()
    }

    /// From the registering handler, before it submits: the token in clear, for this registration's message.
    func lend(_ token: String, for registrationId: String) {
        let time = Double(now().secondsSince1970)
        state.withLock { outbox in
            outbox.lent = outbox.lent.filter { time - $0.value.at < 60 }
            outbox.lent[registrationId] = (token, time)
        }
    }

    /// On the store's writer queue: the batch's messages, durable before it returns.
    private func derive(_ committed: CommittedCommands<AgoraState>) {
        let state = committed.state
        let time = Instant(committed.time)
        let added: Bool = self.state.withLock { outbox in
            var entries: [MailQueue.Entry] = []
            var erased: [String] = []
            for logged in committed.commands {
                func add(_ kind: MailKind, _ id: String, token: String?) {
                    guard let registration = state.registrations[id], let event = state.events[registration.eventId],
                          let message = composer.compose(kind, registration: registration, event: event,
                                                         partners: state.partners(ofEvent: event.id).map(\.name),
                                                         token: token, sequence: logged.sequence, at: time) else { return }
                    entries.append(MailQueue.Entry(registrationId: id, sequence: logged.sequence, kind: kind, message: message))
                }
                switch logged.command {
                case .register(let request):
                    let token = outbox.lent.removeValue(forKey: request.id)?.token
                    guard let registration = state.registrations[request.id] else { continue }
                    if registration.status == .waitlisted { outbox.waitlisted.insert(request.id) }
                    add(registration.status == .waitlisted ? .waitlisted : .confirmed, request.id, token: token)
                case .cancelRegistration(let id, _):
                    outbox.waitlisted.remove(id)
                    add(.cancelled, id, token: nil)
                case .eraseRegistration(let id, _):
                    outbox.waitlisted.remove(id)
                    entries.removeAll { $0.registrationId == id }
                    erased += outbox.queue.removeAll(of: id)
                case .updateEvent:
                    break
                default:
                    continue
                }
                // The domain promotes from the waiting list as a cancellation or erasure frees a place and as a
                // raised capacity adds some: whoever waited and is confirmed now (the batch's last state).
                for waiting in outbox.waitlisted where state.registrations[waiting]?.status == .confirmed {
                    outbox.waitlisted.remove(waiting)
                    add(.promoted, waiting, token: nil)
                }
            }
            for entry in entries { outbox.queue.enqueue(entry) }
            if !erased.isEmpty {
                // An erasure takes the person's queued mail off the disk now, not at the next compaction.
                compact(&outbox)
            } else if !entries.isEmpty {
                append(entries.map { MailQueue.enqueueRecord($0).bytes }, in: &outbox)
            }
            return !entries.isEmpty
        }
        if added { kick() }
    }

    func append(_ lines: [[UInt8]], in outbox: inout State) {
        guard let file = outbox.file, !lines.isEmpty else { return }
        outbox.appended += lines.count
        if outbox.appended >= 10_000 { compact(&outbox); return }
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
