// A second CommandLog, in memory, shared by several stores as a PostgreSQL log is shared by several
// instances (issue #15): appends take the log's lock, hand the records others appended to the store first,
// then add the batch; every other instance is woken to follow. It proves the seam carries a multi-writer
// log without an API change, and runs the same contract tests as the journal files.
import AgoraStore
import Foundation

// @unchecked Sendable: `refused` and `snapshotInProgress` are confined to the owning store's writer queue
// (the CommandLog contract); the shared contents are behind `storage.contents`, a Mutex.
final class SharedMemoryLog<State: JournaledState>: CommandLog, @unchecked Sendable {
    let storage: SharedMemoryLogStorage
    /// False: this instance is never woken, so it learns others' records only when it appends.
    let wakesOnAppends: Bool
    private var refused: String?
    private var snapshotInProgress: UInt64?

    init(storage: SharedMemoryLogStorage, wakesOnAppends: Bool = true) {
        self.storage = storage
        self.wakesOnAppends = wakesOnAppends
    }

    var historyPurge: HistoryPurge { .bySnapshot }
    var unwritableReason: String? { refused }

    func loadSnapshot() throws(StoreError) -> LoggedSnapshot<State>? {
        guard let snapshot = storage.contents.withLock({ $0.snapshot }) else { return nil }
        do {
            let state = try State(snapshotJSON: snapshot.json, range: 0..<snapshot.json.count)
            return LoggedSnapshot(state: state, sequence: snapshot.sequence)
        } catch {
            throw .corruptSnapshot(path: "memory", reason: "\(error)")
        }
    }

    func records(after sequence: UInt64,
                 _ body: (LoggedCommand<State.Command>) throws -> Void) throws(StoreError) -> CommandLogReplay {
        for record in try decoded(storage.contents.withLock { $0.records }, after: sequence) {
            do { try body(record) } catch {
                throw .corruptJournal(path: "memory", offset: Int(record.sequence), reason: "replay refused: \(error)")
            }
        }
        return CommandLogReplay()
    }

    func follow(_ wake: @escaping @Sendable () -> Void) {
        guard wakesOnAppends else { return }
        storage.contents.withLock { $0.followers[ObjectIdentifier(self)] = wake }
    }

    func append(after sequence: UInt64,
                _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> [[UInt8]]) throws(StoreError) -> Range<UInt64> {
        if let refused { throw .io(operation: "append (\(refused))", path: "memory", errno: 0) }
        // The whole append holds the log's lock, as a transaction that takes pg_advisory_xact_lock would.
        let result: Result<(Range<UInt64>, [@Sendable () -> Void]), StoreError> = storage.contents.withLock { contents in
            if contents.failNextAppend {
                contents.failNextAppend = false
                return .failure(.io(operation: "commit", path: "memory", errno: 0))
            }
            let newer: [LoggedCommand<State.Command>]
            do throws(StoreError) { newer = try decoded(contents.records, after: sequence) } catch { return .failure(error) }
            let commands = prepare(newer)
            let first = contents.head + 1
            for (offset, command) in commands.enumerated() {
                contents.records.append((first + UInt64(offset), command))
            }
            contents.head += UInt64(commands.count)
            let others = commands.isEmpty ? [] : contents.followers.filter { $0.key != ObjectIdentifier(self) }.map(\.value)
            return .success((first..<(contents.head + 1), others))
        }
        let (appended, others) = try result.get()
        for wake in others { wake() }
        return appended
    }

    func refuseAppends(because reason: String) {
        if refused == nil { refused = reason }
    }

    func startSnapshot(at sequence: UInt64) { snapshotInProgress = sequence }

    func writeSnapshot(_ state: State, sequence: UInt64) throws(StoreError) -> Int {
        let json: [UInt8]
        do { json = try state.snapshotJSONPieces().flatMap { $0 } } catch { throw .encodingFailed(reason: "\(error)") }
        storage.contents.withLock { contents in
            if (contents.snapshot?.sequence ?? 0) <= sequence { contents.snapshot = (json, sequence) }
        }
        return json.count
    }

    func installSnapshot(at sequence: UInt64) throws(StoreError) {
        guard snapshotInProgress == sequence else { return }
        snapshotInProgress = nil
        storage.contents.withLock { $0.records.removeAll { $0.sequence <= sequence } }
    }

    func abandonSnapshot(at sequence: UInt64) {
        if snapshotInProgress == sequence { snapshotInProgress = nil }
    }

    func close() {
        storage.contents.withLock { _ = $0.followers.removeValue(forKey: ObjectIdentifier(self)) }
    }

    private func decoded(_ records: [(sequence: UInt64, command: [UInt8])],
                         after sequence: UInt64) throws(StoreError) -> [LoggedCommand<State.Command>] {
        var result: [LoggedCommand<State.Command>] = []
        for record in records where record.sequence > sequence {
            let bytes = record.command
            if let command = State.decodeCommand(bytes, range: 0..<bytes.count) {
                result.append(LoggedCommand(sequence: record.sequence, command: command))
                continue
            }
            do {
                let command = try JSONDecoder().decode(State.Command.self, from: Data(bytes))
                result.append(LoggedCommand(sequence: record.sequence, command: command))
            } catch {
                throw .corruptJournal(path: "memory", offset: Int(record.sequence), reason: "\(error)")
            }
        }
        return result
    }
}
