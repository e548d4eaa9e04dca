// Following a shared log: records other instances appended, read when the log wakes the store
// (`CommandLog.follow`). The journal files have one writer and never wake it.
import Logging

extension DurableStore {
    /// On `queue`: applies the records after `sequence` and publishes the result.
    func catchUp() {
        guard !writer.released else { return }
        var working = writer.takeWorkingState()
        var sequence = writer.sequence
        var applied: [State.Command] = []
        do throws(StoreError) {
            _ = try writer.log.records(after: sequence) { record in
                _ = try working.replay(record.command)
                applied.append(record.command)
                sequence = record.sequence
            }
        } catch .historyPruned {
            writer.spare = nil
            reloadFromSnapshot()
            return
        } catch {
            writer.spare = nil  // `working` may hold part of what failed
            writer.logger.error("following the log failed", metadata: ["error": "\(error)", "sequence": "\(writer.sequence)"])
            return
        }
        guard sequence != writer.sequence else {
            writer.spare = working
            return
        }
        writer.commandsSinceSnapshot += Int(sequence - writer.sequence)
        var previous = writer.state
        writer.state = working
        writer.sequence = sequence
        published.withLock {
            $0.state = working
            $0.sequence = sequence
        }
        notifyObservers(applied: applied, through: sequence)
        writer.catchUpSpare(&previous, with: applied)
        compactIfDue()
    }

    /// On `queue`: this instance fell behind a snapshot that replaced the records it had not read (another instance
    /// erased someone, or snapshotted, while it was away): it starts again from that snapshot. Commit observers
    /// are not handed the commands it skipped (they are gone); the state is the log's again.
    private func reloadFromSnapshot() {
        do throws(StoreError) {
            guard var snapshot = try writer.log.loadSnapshot(), snapshot.sequence > writer.sequence else { return }
            var state = snapshot.state
            var sequence = snapshot.sequence
            _ = try writer.log.records(after: sequence) { record in
                _ = try state.replay(record.command)
                sequence = record.sequence
            }
            snapshot = LoggedSnapshot(state: state, sequence: sequence)
            writer.logger.warning("fell behind a newer snapshot: reloaded from it",
                                  metadata: ["from": "\(writer.sequence)", "to": "\(sequence)"])
            writer.state = snapshot.state
            writer.sequence = sequence
            published.withLock {
                $0.state = snapshot.state
                $0.sequence = sequence
            }
        } catch {
            writer.logger.error("reloading from the latest snapshot failed", metadata: ["error": "\(error)"])
        }
    }
}
