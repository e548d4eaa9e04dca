/// How much the server writes to stdout. `info` logs one line per request; `warning` and above only problems.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, warning, error

    var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}
