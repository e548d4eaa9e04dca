// The contract between the store and whatever it makes durable. The store knows nothing of events:
// it journals opaque commands and replays them, so applying must be pure and deterministic
// (ids and timestamps travel inside the commands, never read from a clock while applying).

/// A state value the `DurableStore` can journal, snapshot and rebuild by replay.
public protocol JournaledState: Codable, Sendable, Equatable {
    associatedtype Command: Codable & Sendable
    associatedtype Outcome: Sendable
    associatedtype Failure: Error

    /// Applies `command`, returning the next state and what the caller should learn,
    /// or a typed failure. Must not read clocks, random sources or files: replay depends on it.
    func applying(_ command: Command) throws(Failure) -> (state: Self, outcome: Outcome)

    /// The same in place, leaving `self` unchanged when it throws. The store calls this one, on a
    /// value it owns uniquely, so a state of a million records is not copied for every command (a
    /// non-mutating `applying` must copy its collections before changing them). Defaults to `applying`.
    mutating func apply(_ command: Command) throws(Failure) -> Outcome

    /// Commands after which personal data must vanish from disk at once: the store snapshots
    /// and truncates the journal before acknowledging them.
    static func purgesHistory(_ command: Command) -> Bool
}

extension JournaledState {
    public mutating func apply(_ command: Command) throws(Failure) -> Outcome {
        let (next, outcome) = try applying(command)
        self = next
        return outcome
    }
}
