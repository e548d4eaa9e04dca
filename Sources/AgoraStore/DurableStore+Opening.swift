// Opening a store: recover the state from its command log (the latest snapshot, then every record after it)
// or seed an empty log. What recovery tolerates and what it refuses is the log's business (for the journal
// files: JournalFileLog+Recovery); a record the state refuses to apply stops the start.
import AgoraDomain
import CSystem
import Dispatch
public import FoundationEssentials
public import Logging

extension DurableStore {
    /// Opens (creating if needed) the data directory `directory`, kept as journal + snapshot files
    /// (`JournalFileLog`).
    /// - `seed` runs only when the directory holds no snapshot and no journal.
    /// - `now` stamps journal records and drives the time policy (injectable for tests).
    /// - `logger` receives snapshots written or failed, recovery warnings and a failing disk; by default
    ///   nothing is logged (the warnings are still returned in `recoveryWarnings`).
    /// Throws `.lockedByAnotherProcess` if another open store holds the directory.
    public static func open(
        directory: String,
        options: StoreOptions = StoreOptions(),
        fileSystem: any FileSystem = PosixFileSystem(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "agora.store", factory: { _ in SwiftLogNoOpLogHandler() }),
        seed: () throws -> State
    ) throws(StoreError) -> DurableStore {
        let log = try JournalFileLog<State>.open(directory: directory, options: options, fileSystem: fileSystem, now: now)
        var logger = logger
        logger[metadataKey: "dataDir"] = "\(directory)"
        return try open(log: log, options: options, now: now, logger: logger, seed: seed)
    }

    /// Opens a store over `log`, which it then owns (and closes, also when opening fails).
    /// - `seed` runs only when the log holds nothing (no snapshot).
    /// - `options`: the batch size and snapshot policy (how a log reads itself is the log's own option).
    public static func open(
        log: any CommandLog<State>,
        options: StoreOptions = StoreOptions(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "agora.store", factory: { _ in SwiftLogNoOpLogHandler() }),
        seed: () throws -> State
    ) throws(StoreError) -> DurableStore {
        do throws(StoreError) {
            let recovered = try recover(from: log, seed: seed)
            // Recovery decoded every command and registration into short-lived strings on several
            // threads; glibc keeps the freed heap in per-thread arenas unless asked to hand it back.
            _ = csystem_malloc_trim()
            for warning in recovered.warnings {
                logger.warning("recovery dropped a record", metadata: warning.metadata.merging(["warning": "\(warning)"]) { $1 })
            }
            let writer = StoreWriter(log: log, options: options, now: now, logger: logger,
                                     state: recovered.state, sequence: recovered.sequence)
            writer.status.lastSnapshotBytes = recovered.snapshotBytes
            if recovered.needsSnapshot {
                // A seed's first snapshot, or a log that must not be appended to as is (torn tail, records
                // the snapshot already holds, or a replayed purge whose data must go).
                if let error = writer.compact() { throw error }
            } else {
                // Replayed records count towards the next snapshot, or a server restarted more often
                // than every N commands would grow its journal (and its recovery time) forever.
                writer.commandsSinceSnapshot = recovered.replayed
            }
            let store = DurableStore(writer: writer, warnings: recovered.warnings.map(\.description))
            store.startTimer()
            log.follow { [weak store] in
                guard let store else { return }
                store.queue.async { store.catchUp() }
            }
            return store
        } catch {
            log.close()
            throw error
        }
    }

    private struct Recovered {
        var state: State
        var sequence: UInt64
        var needsSnapshot: Bool
        var warnings: [RecoveryWarning] = []
        var replayed = 0
        var snapshotBytes = 0
    }

    /// Specialised for AgoraState, as the journal reader is (see `JournalReader.replay`): its closure applies every
    /// replayed record.
    @_specialize(where State == AgoraState)
    private static func recover(from log: any CommandLog<State>, seed: () throws -> State) throws(StoreError) -> Recovered {
        guard let snapshot = try log.loadSnapshot() else {
            do { return Recovered(state: try seed(), sequence: 0, needsSnapshot: true) } catch {
                throw .seedFailed(reason: "\(error)")
            }
        }
        var state = snapshot.state
        var sequence = snapshot.sequence
        var purged = false
        let replay = try log.records(after: snapshot.sequence) { record in
            _ = try state.replay(record.command)
            sequence = record.sequence
            if State.purgesHistory(record.command) { purged = true }
        }
        let purgeNow = purged && log.historyPurge == .bySnapshot
        return Recovered(state: state, sequence: sequence, needsSnapshot: replay.needsSnapshot || purgeNow,
                         warnings: replay.warnings, replayed: Int(sequence - snapshot.sequence),
                         snapshotBytes: snapshot.bytes)
    }

    private func startTimer() {
        let seconds = writer.options.snapshotEverySeconds
        guard seconds > 0 else { return }
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let interval = DispatchTimeInterval.milliseconds(Int(min(seconds, 86_400) * 1_000))
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.timerFired() }
        queue.sync { writer.timer = timer }
        timer.resume()
    }
}
