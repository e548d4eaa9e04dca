// The real-domain benchmark behind `agora store-recovery-bench`: 1 000 events × 50 slots and `records`
// registrations spread over the events whose policy takes registrations. Measures what issue 3 asks:
// journal replay, snapshot write, snapshot load, peak RSS, and durable commands/s with 1 and 64 writers
// on that full state (so a per-batch cost that grows with the state shows up).
import AgoraDomain
import FoundationEssentials
import Glibc

extension StoreStress {
    static let benchmarkEventCount = 1_000
    static let benchmarkSlotsPerEvent = 50

    /// Recovery figures for `records` registrations; see the file comment. Each run uses a fresh
    /// subdirectory of `directory`, removed afterwards.
    public static func recoveryBenchmark(directory: String, records: Int) -> String {
        let paths = DataDirectory(path: directory + "/bench-recovery-\(getpid())")
        defer { removeDataDirectory(paths.path) }
        let fileSystem = PosixFileSystem()
        let clock = ContinuousClock()
        var report: [String] = []
        do {
            var start = clock.now
            let commandCount = try writeDomainJournal(registrations: records, in: paths, fileSystem: fileSystem)
            let writeSeconds = seconds(clock.now - start)
            let journalBytes = fileSize(paths.journal)

            // No count/time policy while measuring: the snapshot is timed at close. Each store lives in
            // its own scope, as in a real process, so one phase's state is gone before the next.
            let options = StoreOptions(snapshotEveryCommands: 0, snapshotEverySeconds: 0)
            let replaySeconds: Double, snapshotSeconds: Double
            let residentAfterReplay: String
            do {
                start = clock.now
                let replayed = try DurableStore<AgoraState>.open(directory: paths.path, options: options) { AgoraState() }
                replaySeconds = seconds(clock.now - start)
                residentAfterReplay = memoryStatus("VmRSS")
                guard replayed.state.registrations.count == records else {
                    return "replay produced \(replayed.state.registrations.count) of \(records) registrations"
                }
                start = clock.now
                try replayed.close()
                snapshotSeconds = seconds(clock.now - start)
            }
            let peakAfterReplay = memoryStatus("VmHWM")
            let snapshotBytes = fileSize(paths.snapshot)

            start = clock.now
            let loaded = try DurableStore<AgoraState>.open(directory: paths.path, options: options) { AgoraState() }
            let loadSeconds = seconds(clock.now - start)
            let loadedCount = loaded.state.registrations.count
            let residentAfterLoad = memoryStatus("VmRSS")
            // The first batch after opening copies the whole state once (the spare of the left-right
            // pair does not exist yet); timed on its own so the rates below show the steady state.
            start = clock.now
            _ = submitAndWait(loaded, benchmarkRegistration(0, tag: "first"))
            let firstCommandSeconds = seconds(clock.now - start)
            let residentWithSpare = memoryStatus("VmRSS")
            let single = durableRate(loaded, writers: 1, perWriter: 200, tag: "one")
            let many = durableRate(loaded, writers: 64, perWriter: 40, tag: "many")
            try loaded.close()
            report.append("records: \(loadedCount)")
            report.append("state: \(benchmarkEventCount) events × \(benchmarkSlotsPerEvent) slots, \(loadedCount) registrations")
            report.append("journal written (\(commandCount) commands): \(format(writeSeconds, 2)) s")
            report.append("recovery from journal (\(megabytes(journalBytes))): \(format(replaySeconds, 2)) s")
            report.append("snapshot write at close (\(megabytes(snapshotBytes))): \(format(snapshotSeconds, 2)) s")
            report.append("recovery from snapshot: \(format(loadSeconds, 2)) s")
            report.append("RSS after journal replay: \(residentAfterReplay); peak until the snapshot was written: \(peakAfterReplay)")
            report.append("RSS after snapshot load: \(residentAfterLoad); with the writer's spare copy: \(residentWithSpare)")
            report.append("first command after opening (copies the state once): \(format(firstCommandSeconds, 3)) s")
            report.append("durable commands/s on this state, 1 writer: \(single)")
            report.append("durable commands/s on this state, 64 writers: \(many)")
        } catch {
            report.append("recovery benchmark failed: \(error)")
        }
        report.append("peak RSS (VmHWM): \(memoryStatus("VmHWM"))")
        return report.joined(separator: "\n")
    }

    /// One benchmark event: 09:00–17:00 on its own day, 50 slots of 8 minutes every 9 minutes. Three in
    /// four take registrations (no capacity limit, so every registration is confirmed); the fourth is
    /// open to the public without registration, as in the seeds.
    static func benchmarkEvent(_ index: Int) -> Event {
        let day = Instant(secondsSince1970: 1_907_222_400 + Int64(index % 300) * 86_400)  // 2030-06-08T00:00Z
        let opening = day.adding(seconds: 7 * 3_600)  // 09:00 in Luxembourg summer time
        let slots = (0..<benchmarkSlotsPerEvent).map { slot in
            ProgrammeSlot(id: "s\(slot)", startsAt: opening.adding(seconds: Int64(slot * 540)),
                          endsAt: opening.adding(seconds: Int64(slot * 540 + 480)), kind: .workshop,
                          title: .de("Arbeitsgruppe \(slot) – Schläifmillen"), description: .fr("Atelier n° \(slot), salle Œ"))
        }
        return Event(id: "event-\(index)", series: "Assises sociales", edition: index + 1, title: .fr("Assises sociales \(index)"),
                     startsAt: opening, endsAt: opening.adding(seconds: 8 * 3_600), timeZone: "Europe/Luxembourg",
                     defaultLanguage: "fr", registration: index % 4 == 3 ? .none : .required(RegistrationRules()),
                     programme: slots)
    }

    /// Registration `index`, on an event that takes registrations; one in three names a slot. Shaped as
    /// the API makes them: a claim with the cancellation-token and request digests (64 hex digits each),
    /// and for one in two an Idempotency-Key.
    static func benchmarkRegistration(_ index: Int, tag: String = "r") -> AgoraDomain.Command {
        var event = index % benchmarkEventCount
        if event % 4 == 3 { event -= 1 }
        let slot = index % 3 == 0 ? "s\(index % benchmarkSlotsPerEvent)" : nil
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

    /// Seed snapshot (empty state, sequence 0) and a journal of the events then the registrations,
    /// written as the store writes them but without an fsync per record. Returns the command count.
    private static func writeDomainJournal(registrations: Int, in paths: DataDirectory,
                                           fileSystem: any FileSystem) throws(StoreError) -> Int {
        do {
            try fileSystem.createDirectory(paths.path)
            let seed = try SnapshotFile.encode(AgoraState(), sequence: 0)
            try SnapshotFile.write(header: seed.header, body: seed.body, in: paths, fileSystem: fileSystem)
            try fileSystem.remove(paths.journal)
            let journal = try fileSystem.open(paths.journal, mode: .append)
            defer { fileSystem.close(journal) }
            let time = JournalRecord.timestamp(Date())
            var buffer: [UInt8] = []
            var sequence: UInt64 = 0
            func append(_ command: AgoraDomain.Command) throws {
                sequence += 1
                let json = try AgoraState.encodeCommand(command)
                buffer.append(contentsOf: JournalRecord.encode(sequence: sequence, time: time, commandJSON: json))
                if buffer.count > 1 << 22 {
                    try fileSystem.write(journal, buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            for index in 0..<benchmarkEventCount { try append(.createEvent(event: benchmarkEvent(index))) }
            for index in 0..<registrations { try append(benchmarkRegistration(index)) }
            try fileSystem.write(journal, buffer)
            try fileSystem.fsync(journal)
            return Int(sequence)
        } catch let error as StoreError {
            throw error
        } catch let error as FileSystemError {
            throw StoreError(error)
        } catch {
            throw .encodingFailed(reason: "\(error)")
        }
    }

    /// Durable registrations/s with `writers` concurrent submitters, each waiting for its answer.
    private static func durableRate(_ store: DurableStore<AgoraState>, writers: Int, perWriter: Int, tag: String) -> String {
        let clock = ContinuousClock()
        let before = store.sequence
        let start = clock.now
        concurrently(writers) { writer in
            for index in 0..<perWriter {
                _ = submitAndWait(store, benchmarkRegistration(writer * perWriter + index, tag: tag))
            }
        }
        let elapsed = seconds(clock.now - start)
        let done = Int(store.sequence - before)
        return "\(format(Double(done) / elapsed, 0)) (\(done) commands in \(format(elapsed, 2)) s)"
    }

    /// The size of a file, by `stat` (reading it would add its size to the RSS being measured).
    static func fileSize(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    /// A line of /proc/self/status such as `VmHWM:  123456 kB`, in MiB.
    static func memoryStatus(_ field: String) -> String {
        guard let bytes = try? PosixFileSystem().readFile("/proc/self/status") else { return "unknown" }
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(field + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return "\(kilobytes / 1024) MiB"
        }
        return "unknown"
    }
}
