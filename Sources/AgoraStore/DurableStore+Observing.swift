// Commit observers: where derived side effects start. The writer hands each durable batch to them, in sequence
// order, after publishing it and before completing its callers — so a caller told "done" can rely on every
// observer having been handed its command, and an observer sees every sequence exactly once, without a gap.
import FoundationEssentials

/// An observer of durable batches (`DurableStore.observeCommits`). Called on the store's writer queue: it must
/// return at once (hand the batch to its own queue), or it delays every write.
public typealias CommitObserver<State: JournaledState> = @Sendable (CommittedCommands<State>) -> Void

extension DurableStore {
    /// Adds `observer` for every batch made durable from now on, and returns the sequence number it starts after
    /// (the state's version when it was added): the observer sees every command after that one, in order.
    public func observeCommits(_ observer: @escaping CommitObserver<State>) -> UInt64 {
        queue.sync {
            writer.commitObservers.append(observer)
            return writer.sequence
        }
    }

    /// On `queue`: hands a published batch to the observers. `applied` are the commands the batch applied, in
    /// order; the last `applied.count` sequence numbers up to `sequence` are theirs.
    func notifyObservers(applied: [State.Command], through sequence: UInt64) {
        guard !writer.commitObservers.isEmpty, !applied.isEmpty else { return }
        let first = sequence - UInt64(applied.count) + 1
        let commands = applied.enumerated().map { LoggedCommand(sequence: first + UInt64($0.offset), command: $0.element) }
        let committed = CommittedCommands(commands: commands, state: writer.state, time: writer.now())
        for observer in writer.commitObservers { observer(committed) }
    }
}
