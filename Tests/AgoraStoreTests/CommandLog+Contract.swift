// What the contract tests do to a log, written once for every implementation.
import AgoraStore
import Testing

private func encoded(_ commands: [Ledger.Command]) throws -> [[UInt8]] {
    try commands.map { try Ledger.encodeCommand($0) }
}

extension CommandLog where State == Ledger {
    /// Appends `commands` after `sequence`, checking that `prepare` runs once and sees nobody else's records.
    func append(after sequence: UInt64, _ commands: [Ledger.Command]) throws -> Range<UInt64> {
        let bytes = try encoded(commands)
        var calls = 0
        let appended = try append(after: sequence) { newer in
            calls += 1
            #expect(newer.isEmpty, "a log with one writer hands prepare no newer records")
            return bytes
        }
        #expect(calls == 1, "prepare runs exactly once")
        return appended
    }

    /// Every record after `sequence`, in the order the log gives them.
    func all(after sequence: UInt64) throws -> [LoggedCommand<Ledger.Command>] {
        var found: [LoggedCommand<Ledger.Command>] = []
        _ = try records(after: sequence) { found.append($0) }
        return found
    }

    /// A new log as the store starts one: no snapshot, then the seed's.
    func seeded(_ seed: Ledger = Ledger()) throws {
        #expect(try loadSnapshot() == nil, "a new log holds no snapshot")
        _ = try takeSnapshot(seed, sequence: 0)
    }
}
