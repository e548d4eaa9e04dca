/// A command as a command log holds it: its place in the order of application and the command itself.
public struct LoggedCommand<Command: Sendable>: Sendable {
    public let sequence: UInt64
    public let command: Command

    public init(sequence: UInt64, command: Command) {
        self.sequence = sequence
        self.command = command
    }
}
