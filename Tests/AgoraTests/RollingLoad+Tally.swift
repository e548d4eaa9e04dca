/// What a rolling restart's load counts, and the phases it counts them in.
extension RollingLoad {
    enum Phase: Int, CaseIterable, Sendable {
        case steady, drainingA, downA, backA, drainingB, downB, backB
    }

    enum Kind: Int, CaseIterable, Sendable { case read, write }

    struct Tally: Sendable {
        /// 2xx answers by phase, then kind.
        var completed = [[Int]](repeating: [0, 0], count: Phase.allCases.count)
        /// 2xx answers by phase, then the port of the instance that gave them.
        var servedBy = [[Int: Int]](repeating: [:], count: Phase.allCases.count)
        /// The ids of the registrations answered 201.
        var acknowledged: Set<String> = []
        /// 2xx answers the proxy got only from a second instance it tried (the first failed), by kind: nginx lists
        /// every instance it tried in `X-Upstream-Addr`, HAProxy names only the one that answered.
        var passedOn = [0, 0]
        /// Writes answered `Idempotent-Replayed: true`: the proxy repeated one whose first answer it lost.
        var replayed = 0
        var sent = 0
        /// The first few, described.
        var failures: [String] = []
        var failureCount = 0

        func completed(_ phase: Phase, _ kind: Kind) -> Int { completed[phase.rawValue][kind.rawValue] }
        func servedBy(_ phase: Phase, port: Int) -> Int { servedBy[phase.rawValue][port] ?? 0 }
    }
}
