// The recovery benchmark's data, and the child process that journals it through the store's public API.
import AgoraDomain
import AgoraStore
import Dispatch
import Glibc
import Synchronization

extension RecoveryBenchmark {
    /// The hidden `agora-bench` command the benchmark runs as its journal-writing child.
    static let journalCommand = "recovery-journal"

    /// One benchmark event: 09:00–17:00 on its own day, 50 slots of 8 minutes every 9 minutes. Three in
    /// four take registrations (no capacity limit, so every registration is confirmed); the fourth is
    /// open to the public without registration, as in the seeds.
    static func event(_ index: Int) -> Event {
        let day = Instant(secondsSince1970: 1_907_222_400 + Int64(index % 300) * 86_400)  // 2030-06-08T00:00Z
        let opening = day.adding(seconds: 7 * 3_600)  // 09:00 in Luxembourg summer time
        let slots = (0..<slotsPerEvent).map { slot -> ProgrammeSlot in
            let start: Instant = opening.adding(seconds: Int64(slot * 540))
            let end: Instant = start.adding(seconds: 480)
            let title: LocalizedText = .de("Arbeitsgruppe \(slot) – Schläifmillen")
            let description: LocalizedText = .fr("Atelier n° \(slot), salle Œ")
            return ProgrammeSlot(id: "s\(slot)", startsAt: start, endsAt: end, kind: .workshop, title: title,
                                 description: description)
        }
        return Event(id: "event-\(index)", series: "Assises sociales", edition: index + 1, title: .fr("Assises sociales \(index)"),
                     startsAt: opening, endsAt: opening.adding(seconds: 8 * 3_600), timeZone: "Europe/Luxembourg",
                     defaultLanguage: "fr", registration: index % 4 == 3 ? .none : .required(RegistrationRules()),
                     programme: slots)
    }

    /// Registration `index`, on an event that takes registrations; one in three names a slot. Shaped as
    /// the API makes them: a claim with the cancellation-token and request digests (64 hex digits each),
    /// and for one in two an Idempotency-Key.
    static func registration(_ index: Int, tag: String = "r") -> AgoraDomain.Command {
        var event = index % eventCount
        if event % 4 == 3 { event -= 1 }
        let slot = index % 3 == 0 ? "s\(index % slotsPerEvent)" : nil
        let claim = RegistrationClaim(cancellationTokenSHA256: digest(index, tag: "token"),
                                      retryKey: index % 2 == 0 ? "retry-\(tag)-\(index)" : nil,
                                      requestSHA256: digest(index, tag: "request"))
        return .register(request: RegistrationRequest(
            id: "\(tag)\(index)", eventId: "event-\(event)", slotId: slot, name: "Personne \(index) Müller-Loës",
            email: "\(tag)\(index)@example.lu", organisation: index % 2 == 0 ? "Asbl Inter-Actions" : nil,
            language: "fr", requestedAt: Instant(secondsSince1970: 1_900_000_000 + Int64(index % 86_400)),
            claim: claim))
    }

    /// 64 hex digits standing in for a SHA-256 digest (the benchmark needs the size, not the hash).
    private static func digest(_ index: Int, tag: String) -> String {
        var hasher = Hasher()
        hasher.combine(index)
        hasher.combine(tag)
        let seed = UInt64(bitPattern: Int64(hasher.finalize()))
        let word = String(seed, radix: 16)
        let padded = String(repeating: "0", count: 16 - word.count) + word
        return String(repeating: padded, count: 4)
    }

    /// Runs `agora-bench recovery-journal` on `directory` and waits for it; its exit status (or 128 + signal).
    static func spawnJournalWriter(directory: String, records: Int) -> Int32 {
        let argv = ["agora-bench", journalCommand, "--data-dir", directory, "--records", String(records)]
        var cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child = pid_t()
        guard posix_spawn(&child, "/proc/self/exe", nil, nil, &cArguments, environ) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        let signalled = status & 0x7f
        return signalled == 0 ? (status >> 8) & 0xff : 128 + signalled
    }

    /// The child: the events, then the registrations, submitted through the store as the API would (a window of
    /// them in flight, so batches are full). It exits without closing the store — the crash that leaves the whole
    /// journal for the parent to replay (a clean close would fold it into a snapshot). 0 when every command was
    /// journaled.
    static func writeJournal(directory: String, records: Int) -> Int32 {
        let options = StoreOptions(snapshotEveryCommands: 0, snapshotEverySeconds: 0, snapshotJournalPercent: 0)
        let store: DurableStore<AgoraState>
        do { store = try DurableStore<AgoraState>.open(directory: directory, options: options) { AgoraState() } } catch {
            print("\(journalCommand): \(error)")
            return 1
        }
        let window = DispatchSemaphore(value: 16_384)
        let pending = DispatchGroup()
        let failures = Mutex(0)
        func submit(_ command: AgoraDomain.Command) {
            window.wait()
            pending.enter()
            store.submit(command) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
                window.signal()
                pending.leave()
            }
        }
        for index in 0..<eventCount { submit(.createEvent(event: event(index))) }
        pending.wait()  // every event exists before its first registration is applied
        for index in 0..<records { submit(registration(index)) }
        pending.wait()
        let failed = failures.withLock { $0 }
        if failed > 0 { print("\(journalCommand): \(failed) commands refused") }
        return failed == 0 ? 0 : 1
    }
}
