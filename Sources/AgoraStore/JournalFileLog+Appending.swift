// Group commit's durable half: the whole batch as one `write` of checksummed lines, then one `fsync`.
import FoundationEssentials

extension JournalFileLog {
    /// The fsync is what makes acknowledging safe. The directory lock means nobody else appends, so
    /// `prepare` sees no newer records and the batch follows `sequence` directly.
    ///
    /// A failure leaves the journal descriptor untrusted: after a failed fsync the kernel may have dropped
    /// the dirty pages and reports the error once, so a second fsync could "succeed" over lost data; and a
    /// failed write may have left part of the batch in the file. So the descriptor is never written again;
    /// the store's next snapshot installs an empty journal in its place, taking the failed bytes with it.
    public func append(after sequence: UInt64,
                       _ prepare: (_ newer: [LoggedCommand<State.Command>]) -> [[UInt8]]) throws(StoreError) -> Range<UInt64> {
        let commands = prepare([])
        let first = sequence + 1
        guard !commands.isEmpty else { return first..<first }
        guard let journal else { throw .io(operation: "write", path: directory.journal, errno: 0) }
        let time = JournalRecord.timestamp(now())
        var lines: [UInt8] = []
        lines.reserveCapacity(commands.reduce(0) { $0 + $1.count + 96 })
        for (offset, command) in commands.enumerated() {
            lines.append(contentsOf: JournalRecord.encode(sequence: first + UInt64(offset), time: time, commandJSON: command))
        }
        do {
            try fileSystem.write(journal, lines)
            try fileSystem.fsync(journal)
        } catch {
            fileSystem.close(journal)
            self.journal = nil
            throw StoreError(error)
        }
        durableBytes = (durableBytes ?? 0) + lines.count
        if snapshotInProgress != nil { tail.append(contentsOf: lines) }
        return first..<(first + UInt64(commands.count))
    }
}
