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
        do {
            _ = try writer.log.records(after: sequence) { record in
                _ = try working.replay(record.command)
                applied.append(record.command)
                sequence = record.sequence
            }
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
}
