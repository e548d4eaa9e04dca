/// The loop's tick: what is due at an instant. Read deadlines are fixed when a phase starts; the write deadline
/// runs while output is blocked.
extension ConnectionStateMachine {
    func tick(at now: MonotonicNanos) -> Action {
        switch phase {
        case .closed: return .none
        case .lingering: return now >= readDeadline ? .close : .none
        case .handshaking, .idle, .readingHead, .readingBody, .handling: break
        }
        if now >= writeDeadline { return .close }
        if drainGraceOver(at: now) { return .closeWhenQuiet }
        guard now >= readDeadline else { return .none }
        switch phase {
        case .readingHead, .readingBody:
            // A 408 can't be queued behind output the peer isn't reading: then only closing is left.
            return outputPending ? .close : .respond408AndClose
        case .idle, .handshaking, .handling, .lingering, .closed:
            return .close
        }
    }
}
