// One batch judged on the writer's working copy, inside the command log's append: first the records other
// writers appended (so the batch is judged against the log's head), then each submission in order. A
// command the state refuses gets its typed failure and is not logged.

struct BatchJudgement<State: JournaledState> {
    /// Every command applied to the working copy, in order (others' records, then the accepted ones): what
    /// the previous state must apply to become the next spare.
    var applied: [State.Command] = []
    /// One result per submission, in batch order.
    var results: [Result<State.Outcome, SubmitError<State.Failure>>] = []
    /// Indexes of accepted purging commands (erasures).
    var purging: [Int] = []
    /// Set when a record from the log does not apply: the state and the log disagree.
    var diverged: String?

    /// Applies `newer`, then the batch, to `working`; returns the accepted commands' JSON, in order.
    mutating func judge(_ batch: [DurableStore<State>.Submission], after newer: [LoggedCommand<State.Command>],
                        on working: inout State) -> [[UInt8]] {
        for record in newer {
            do throws(State.Failure) { _ = try working.replay(record.command) } catch {
                diverged = "record \(record.sequence) from the log does not apply: \(error)"
                return []
            }
            applied.append(record.command)
        }
        var commands: [[UInt8]] = []
        results.reserveCapacity(batch.count)
        for (index, submission) in batch.enumerated() {
            let commandJSON: [UInt8]
            switch submission.encoded {
            case .success(let bytes): commandJSON = bytes
            case .failure(let error):
                results.append(.failure(.unavailable("command cannot be encoded: \(error.description)")))
                continue
            }
            if let stale = submission.stale, stale(working) {
                results.append(.failure(.preconditionFailed))
                continue
            }
            do throws(State.Failure) {
                let outcome = try working.apply(submission.command)
                applied.append(submission.command)
                commands.append(commandJSON)
                results.append(.success(outcome))
                if State.purgesHistory(submission.command) { purging.append(index) }
            } catch {
                results.append(.failure(.rejected(error)))
            }
        }
        return commands
    }
}
