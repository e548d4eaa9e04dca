import AgoraJSON
import HTTPServer

/// Why the feed cannot answer a `since`.
enum ChangeProblem: Error, Hashable, Sendable, ProblemConvertible {
    /// `since` is older than the oldest retained change (or newer than any: a cursor from another data directory).
    /// 410 (RFC 9110 §15.5.11): what the client knew is gone for good; it refetches the resources and follows the
    /// changes from `latest`. `oldestSince` is the smallest `since` answered now.
    case notRetained(since: UInt64, oldestSince: UInt64, latest: UInt64)

    var problem: Problem {
        switch self {
        case .notRetained(let since, let oldest, let latest):
            Problem(status: .gone,
                    detail: "The changes after sequence \(String(since)) are not retained (this server answers since=\(String(oldest)) to since=\(String(latest))): fetch the resources again, then follow the changes from since=\(String(latest)).",
                    extensions: [("oldestSince", String(oldest)), ("latest", String(latest))])
        }
    }
}
