extension ConnectionStateMachine {
    /// The deadline `tick(at:)` acts on at `now`, if any: the same order of checks.
    func expiredTimeout(at now: MonotonicNanos) -> TimeoutKind? {
        switch phase {
        case .closed: return nil
        case .lingering: return now >= readDeadline ? .linger : nil
        case .handshaking, .idle, .readingHead, .readingBody, .handling: break
        }
        if now >= writeDeadline { return .write }
        guard now >= readDeadline else { return nil }
        switch phase {
        case .handshaking: return .handshake
        case .readingHead: return .header
        case .readingBody: return .body
        case .idle, .handling, .lingering, .closed: return .idle
        }
    }
}
