/// A snapshot as a command log holds it: the state after record `sequence`. Replay starts after it.
public struct LoggedSnapshot<State: JournaledState>: Sendable {
    public let state: State
    public let sequence: UInt64

    public init(state: State, sequence: UInt64) {
        self.state = state
        self.sequence = sequence
    }
}
