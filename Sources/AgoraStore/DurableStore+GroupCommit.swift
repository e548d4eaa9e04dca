// Group commit: everything queued while the previous append ran becomes the next batch, which the command
// log makes durable at once (for the journal files: one `write` and one `fsync`). With N concurrent writers
// a batch holds up to N commands, so throughput grows with concurrency while every acknowledged command is
// durable.
import FoundationEssentials
import Logging

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
            var count = min(inbox.waiting.count, writer.options.maxBatchSize)
            // A log that purges inside the append keeps the batch's records for followers: a purging command
            // begins a batch of its own, so nothing judged before it (a registration to an event it deletes)
            // stays behind in them.
            if writer.log.historyPurge == .inAppend,
               let purging = inbox.waiting[1..<count].firstIndex(where: { State.purgesHistory($0.command) }) {
                count = purging
            }
            let batch = Array(inbox.waiting.prefix(count))
            inbox.waiting.removeFirst(count)
            return batch
        }
    }

    /// Applies the batch to a working copy inside the log's append (after any records others appended),
    /// then publishes and completes. Nothing is published or acknowledged before the append returned.
    private func commit(_ batch: [Submission]) {
        if !writer.isWritable { probeBeforeRefusing() }
        guard writer.isWritable else {
            let reason = "store is not writable: \(writer.unwritableReason)"
            for submission in batch { submission.completion(.failure(.unavailable(reason))) }
            return
        }
        var working = writer.takeWorkingState()
        var judgement = BatchJudgement<State>()
        let appended: Range<UInt64>
        var prepared = ContinuousClock.now
        let purgesInAppend = writer.log.historyPurge == .inAppend && batch.first.map { State.purgesHistory($0.command) } == true
        do throws(StoreError) {
            if purgesInAppend {
                // The log replaces the older records and snapshots by this state in the same transaction.
                appended = try writer.log.appendPurging(after: writer.sequence) { newer in
                    defer { prepared = ContinuousClock.now }
                    let commands = judgement.judge(batch, after: newer, on: &working)
                    return (commands, judgement.purging.isEmpty ? nil : working)
                }
            } else {
                appended = try writer.log.append(after: writer.sequence) { newer in
                    defer { prepared = ContinuousClock.now }
                    return judgement.judge(batch, after: newer, on: &working)
                }
            }
        } catch {
            // Rejections in this batch were judged against commands that never became durable, so
            // they get the same answer as everyone else: try again.
            writer.logger.error("append failed", metadata: ["error": "\(error)", "commands": "\(batch.count)"])
            writer.repairLog(after: error)  // `working` holds commands that never became durable
            publishWritability()
            let reason = "journal write failed (\(error)); the command was not applied"
            for submission in batch { submission.completion(.failure(.unavailable(reason))) }
            return
        }
        if let diverged = judgement.diverged {
            // Only a nondeterministic apply (or a log written by other rules) gets here.
            writer.spare = nil
            writer.log.refuseAppends(because: diverged)
            publishWritability()
            for submission in batch { submission.completion(.failure(.unavailable("store is not writable: \(diverged)"))) }
            return
        }
        if !appended.isEmpty {
            let written = prepared.duration(to: .now)
            writer.statistics.withLock { $0.recordCommit(written, commands: appended.count) }
        }
        let sequence = appended.upperBound - 1
        var previous: State?
        if sequence != writer.sequence {
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
        var results = judgement.results
        if !judgement.purging.isEmpty, writer.log.historyPurge == .bySnapshot, let error = writer.compact() {
            // The erasure is durable and visible, but older records still hold the data: the caller
            // must not be told it is gone. The snapshot is retried after the next batch.
            writer.purgePending = true
            purgeFailed = true
            for index in judgement.purging {
                results[index] = .failure(.unavailable("erasure applied, but removing old data from disk failed (\(error)); it will be retried"))
            }
        }
        publishWritability()
        if previous != nil { notifyObservers(applied: judgement.applied, through: sequence) }
        for (submission, result) in zip(batch, results) { submission.completion(result) }
        // After completing, to keep it off the callers' latency. `previous` is now referenced only by
        // readers still holding it (usually none), so it is changed in place.
        if var previous = previous.take() { writer.catchUpSpare(&previous, with: judgement.applied) }
        // After completing: a policy snapshot of a large state must not delay this batch's callers.
        if !purgeFailed { compactIfDue() }
    }

    /// Publishes whether writes may go on, with the status; each transition is logged once and counted.
    func publishWritability() {
        let writable = writer.isWritable
        let was = published.withLock { $0.isWritable }
        if was, !writable {
            writer.status.turnedUnwritable += 1
            if writer.repairFailure != nil {
                writer.logger.critical("store turned unwritable: writes are refused until the disk takes writes again, reads go on",
                                       metadata: ["reason": "\(writer.unwritableReason)",
                                                  "probeSeconds": "\(writer.options.diskProbeSeconds)"])
                scheduleProbe()
            } else {
                writer.logger.critical("store turned unwritable: writes are refused until restart, reads go on",
                                       metadata: ["reason": "\(writer.unwritableReason)"])
            }
        } else if !was, writable {
            writer.status.turnedWritable += 1
            writer.logger.warning("store writable again", metadata: ["sequence": "\(writer.sequence)"])
        }
        let status = writer.currentStatus
        published.withLock {
            $0.isWritable = writable
            $0.status = status
        }
    }

    /// Timer tick on `queue`: the time policy also applies when no batch arrives to trigger it.
    func timerFired() {
        compactIfDue()
    }
}
