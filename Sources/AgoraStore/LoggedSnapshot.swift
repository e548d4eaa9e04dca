/// A snapshot as a command log holds it: the state after record `sequence`. Replay starts after it.
public struct LoggedSnapshot<State: JournaledState>: Sendable {
    public let state: State
    public let sequence: UInt64
    /// Its size as stored (0 when the log cannot tell): the size policy's yardstick for the next snapshot.
    public let bytes: Int

    public init(state: State, sequence: UInt64, bytes: Int = 0) {
        self.state = state
        self.sequence = sequence
        self.bytes = bytes
    }
}
