public import FoundationEssentials

/// What one durable batch changed, handed to the store's commit observers (`DurableStore.observeCommits`): the
/// commands in sequence order with their sequence numbers, the state after the last of them, and when the batch
/// became durable. A side effect (a change feed, a webhook outbox, a mail queue) is derived from these by sequence
/// number — never fired from the request that submitted the command — so nothing it does depends on who asked.
public struct CommittedCommands<State: JournaledState>: Sendable {
    /// Consecutive, in the order of application; never empty.
    public let commands: [LoggedCommand<State.Command>]
    /// The state after the last command: what readers see from this batch on.
    public let state: State
    /// When the batch was made durable (the store's clock, as the journal stamps it).
    public let time: Date

    public init(commands: [LoggedCommand<State.Command>], state: State, time: Date) {
        self.commands = commands
        self.state = state
        self.time = time
    }

    /// The sequence number of the last command: the state's version.
    public var sequence: UInt64 { commands.last?.sequence ?? 0 }
}
