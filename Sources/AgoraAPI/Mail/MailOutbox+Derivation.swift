import AgoraDomain
import AgoraJSON
import AgoraStore
import OutboundMail

// What one durable batch owes people, derived on the store's writer queue from its commands and the state after
// the batch, and made durable (appended, or the file rewritten) before the batch's callers are answered: one
// append and one fsync for the whole batch (the store's group commit hands it over once), a few short records
// a message. Nothing is composed here: templates, MIME and the .ics are the delivery queue's (`message(for:)`).
extension MailOutbox {
    /// The batch's messages and the records that say what else changed (tokens kept or forgotten, queued mail
    /// dropped); an erasure of personal data rewrites the file instead, so the person leaves the disk now.
    private struct Derived {
        var entries: [MailQueue.Entry] = []
        var records: [JSONValue] = []
        var rewrite = false
        /// Registrations erased by the batch: a shared outbox deletes their rows (tokens included) at once.
        var erased: [String] = []
    }

    func derive(_ committed: CommittedCommands<AgoraState>) {
        let state = committed.state
        let date = Instant(committed.time).secondsSince1970
        let (added, sharedWork): (Bool, SharedMailWork?) = self.state.withLock { outbox in
            var derived = Derived()
            for logged in committed.commands {
                /// Records that the message is owed; composing it is the delivery queue's work (`message(for:)`).
                /// Only what makes it unsendable now is checked here: nobody named, no usable address.
                func add(_ kind: MailKind, _ id: String, token: String?) {
                    guard let registration = state.registrations[id], state.events[registration.eventId] != nil,
                          let person = registration.personalData, MailAddress(address: person.email).isPlausible
                    else { return }
                    let content = MailQueue.Entry.Content.deferred(eventId: registration.eventId, language: registration.language,
                                                                   token: token, date: date)
                    derived.entries.append(MailQueue.Entry(registrationId: id, sequence: logged.sequence, kind: kind,
                                                           content: content))
                }
                /// Ends what is kept for a registration that can get no promotion any more.
                func forget(_ id: String, eventId: String?) {
                    if let eventId { outbox.waiting[eventId]?.remove(id) }
                    if outbox.queue.tokens.removeValue(forKey: id) != nil {
                        derived.records.append(MailQueue.forgetRecord(id))
                    }
                }
                /// Takes back what is owed to `id` and not sent yet (queued by an earlier batch, or by this one).
                func drop(_ id: String, keeping: Set<MailKind> = []) {
                    derived.entries.removeAll { $0.registrationId == id && !keeping.contains($0.kind) }
                    for entry in outbox.queue.removeAll(of: id, keeping: keeping) {
                        derived.records.append(MailQueue.doneRecord(entry))
                    }
                }
                var affectedEvent: String?
                switch logged.command {
                case .register(let request):
                    guard let registration = state.registrations[request.id] else { continue }
                    let token = takeLent(registration, in: &outbox)
                    if registration.status == .waitlisted {
                        outbox.waiting[registration.eventId, default: []].insert(request.id)
                        // The promotion's message will carry the same link (Docs/mail.md, "The cancellation link").
                        if let token {
                            outbox.queue.tokens[request.id] = token
                            derived.records.append(MailQueue.tokenRecord(request.id, token: token))
                        }
                    }
                    add(registration.status == .waitlisted ? .waitlisted : .confirmed, request.id, token: token)
                case .cancelRegistration(let id, _):
                    affectedEvent = state.registrations[id]?.eventId
                    forget(id, eventId: affectedEvent)
                    add(.cancelled, id, token: nil)
                case .eraseRegistration(let id, _):
                    affectedEvent = state.registrations[id]?.eventId
                    forget(id, eventId: affectedEvent)
                    drop(id)
                    derived.erased.append(id)
                    derived.rewrite = true
                case .deleteEvent(let eventId):
                    // The registrations went with the event, personal data included (`Command.deleteEvent`): their
                    // unsent mail goes too, and the file is rewritten without it. Nothing is sent about a deletion:
                    // the addresses are gone (cancel the event first to tell people, Docs/mail.md).
                    outbox.cancelledEvents.remove(eventId)
                    for id in outbox.waiting.removeValue(forKey: eventId) ?? [] { forget(id, eventId: nil) }
                    for id in Array(outbox.queue.tokens.keys) where state.registrations[id] == nil { forget(id, eventId: nil) }
                    for id in Set(outbox.queue.entries.values.map(\.registrationId)) where state.registrations[id] == nil {
                        drop(id)
                    }
                    derived.rewrite = true
                case .createEvent(let event):
                    if event.status == .cancelled { outbox.cancelledEvents.insert(event.id) }
                case .updateEvent(let event):
                    affectedEvent = event.id
                    guard state.events[event.id]?.status == .cancelled else {
                        // Cancelled no more: whoever still waits can be promoted again (their token was forgotten
                        // with the cancellation: the promotion's message points to the first one's link).
                        if outbox.cancelledEvents.remove(event.id) != nil {
                            for registration in state.registrations(ofEvent: event.id) where registration.status == .waitlisted {
                                outbox.waiting[event.id, default: []].insert(registration.id)
                            }
                        }
                        break
                    }
                    // Just cancelled: every registration still standing gets the event's cancellation notice
                    // instead of what it was still owed (an unsent confirmation, waiting-list or promotion message
                    // would say something no longer true); its own cancellation's message, if owed, still goes.
                    guard outbox.cancelledEvents.insert(event.id).inserted else { break }
                    for registration in state.registrations(ofEvent: event.id) where registration.status != .cancelled {
                        forget(registration.id, eventId: event.id)
                        drop(registration.id, keeping: [.cancelled])
                        add(.eventCancelled, registration.id, token: nil)
                    }
                case .createSlot(let eventId, _), .updateSlot(let eventId, _), .deleteSlot(let eventId, _):
                    affectedEvent = eventId
                default:
                    continue
                }
                // The domain promotes from the waiting list as a cancellation or erasure frees a place and as a
                // raised capacity adds some: whoever of that event waited and is confirmed now (the batch's last
                // state). Their message carries the link the waiting-list message carried.
                guard let eventId = affectedEvent else { continue }
                for id in outbox.waiting[eventId] ?? [] where state.registrations[id]?.status == .confirmed {
                    let token = outbox.queue.tokens[id]
                    forget(id, eventId: eventId)
                    add(.promoted, id, token: token)
                }
            }
            if shared != nil {
                // Shared: the tables are the queue, written after the lock (MailOutbox+Shared.swift).
                return (!derived.entries.isEmpty, SharedMailWork(entries: derived.entries, records: derived.records, erased: derived.erased,
                                              cleanUp: derived.rewrite))
            }
            for entry in derived.entries { outbox.queue.enqueue(entry) }
            if derived.rewrite {
                compact(&outbox)
            } else {
                let lines = derived.entries.map { MailQueue.enqueueRecord($0).bytes } + derived.records.map(\.bytes)
                append(lines, in: &outbox)
            }
            return (!derived.entries.isEmpty, nil)
        }
        if let sharedWork { writeShared(sharedWork, state: state) }
        if added { kick() }
    }
}
