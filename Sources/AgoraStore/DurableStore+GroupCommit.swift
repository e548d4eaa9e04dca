// Group commit: everything queued while the previous fsync ran becomes the next batch, written with one
// `write` and made durable with one `fsync`. With N concurrent writers a batch holds up to N commands,
// so throughput grows with concurrency while every acknowledged command is on disk.
import FoundationEssentials

extension DurableStore {
    /// Runs on `queue`. Takes one batch; reschedules itself while more is waiting, so the timer and
    /// `close()` can run between batches under sustained load.
    func drain() {
        let batch = takeBatch()
        guard !batch.isEmpty else { return }
        commit(batch)
        let more = inbox.withLock { inbox -> Bool in
            if inbox.waiting.isEmpty {
                inbox.drainScheduled = false
                return false
            }
            return true
        }
        if more { queue.async { self.drain() } }
    }

    /// Runs on `queue` during close(): empties the inbox (closed, so nothing new arrives).
    func drainAll() {
        while true {
            let batch = takeBatch()
            if batch.isEmpty { return }
            commit(batch)
        }
    }

    private func takeBatch() -> [Submission] {
        inbox.withLock { inbox -> [Submission] in
            if inbox.waiting.isEmpty {
                inbox.drainScheduled = false
                return []
            }
            let count = min(inbox.waiting.count, writer.options.maxBatchSize)
            let batch = Array(inbox.waiting.prefix(count))
            inbox.waiting.removeFirst(count)
            return batch
        }
    }

    /// Applies the batch to a working copy, journals the accepted commands, then publishes and completes.
    /// Nothing is published or acknowledged before the fsync returned.
    private func commit(_ batch: [Submission]) {
        guard writer.isWritable else {
            let reason = "store is not writable: \(writer.unwritableReason)"
            for submission in batch { submission.completion(.failure(.unavailable(reason))) }
            return
        }
        var working = writer.takeWorkingState()
        var sequence = writer.sequence
        var accepted: [State.Command] = []
        var lines: [UInt8] = []
        var results: [Result<State.Outcome, SubmitError<State.Failure>>] = []
        results.reserveCapacity(batch.count)
        var purging: [Int] = []
        let time = JournalRecord.timestamp(writer.now())
        for (index, submission) in batch.enumerated() {
            let commandJSON: [UInt8]
            switch submission.encoded {
            case .success(let bytes): commandJSON = bytes
            case .failure(let error):
                results.append(.failure(.unavailable("command cannot be encoded: \(error.description)")))
                continue
            }
            do {
                let outcome = try working.apply(submission.command)
                accepted.append(submission.command)
                sequence += 1
                lines.append(contentsOf: JournalRecord.encode(sequence: sequence, time: time, commandJSON: commandJSON))
                results.append(.success(outcome))
                if State.purgesHistory(submission.command) { purging.append(index) }
            } catch {
                results.append(.failure(.rejected(error)))
            }
        }
        var previous: State?
        if !lines.isEmpty {
            if let failure = writer.appendToJournal(lines) {
                // Rejections in this batch were judged against commands that never became durable, so
                // they get the same answer as everyone else: try again.
                writer.spare = nil  // `working` holds commands that never became durable
                writer.abandonJournal(after: failure)
                publishWritability()
                let reason = "journal write failed (\(failure)); the command was not applied"
                for submission in batch { submission.completion(.failure(.unavailable(reason))) }
                return
            }
            if writer.backgroundSnapshot != nil { writer.journalTail.append(contentsOf: lines) }
            writer.commandsSinceSnapshot += Int(sequence - writer.sequence)
            previous = writer.state
            writer.state = working
            writer.sequence = sequence
            published.withLock {
                $0.state = working
                $0.sequence = sequence
            }
        } else {
            writer.spare = working  // nothing applied: still equal to the durable state
        }
        var purgeFailed = false
        if !purging.isEmpty, let error = writer.compact() {
            // The erasure is durable and visible, but older records still hold the data on disk: the
            // caller must not be told it is gone. The compaction is retried after the next batch.
            writer.purgePending = true
            purgeFailed = true
            for index in purging {
                results[index] = .failure(.unavailable("erasure applied, but removing old data from disk failed (\(error)); it will be retried"))
            }
        }
        publishWritability()
        for (submission, result) in zip(batch, results) { submission.completion(result) }
        // After completing, to keep it off the callers' latency. `previous` is now referenced only by
        // readers still holding it (usually none), so it is changed in place.
        if var previous = previous.take() { writer.catchUpSpare(&previous, with: accepted) }
        // After completing: a policy snapshot of a large state must not delay this batch's callers.
        if !purgeFailed { compactIfDue() }
    }

    func publishWritability() {
        let writable = writer.isWritable
        published.withLock { $0.isWritable = writable }
    }

    /// Timer tick on `queue`: the time policy also applies when no batch arrives to trigger it.
    func timerFired() {
        compactIfDue()
    }
}
