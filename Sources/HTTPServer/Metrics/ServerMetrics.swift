public import ObservationBuckets

/// What the engine counted, as a value (`HTTPServer.metrics`): the loops' shares added up. Whoever exports it
/// (the `agora` executable, to Prometheus) names the series; the engine only counts.
public struct ServerMetrics: Sendable {
    /// The requests answered for one route template, method and status, with their durations in nanoseconds
    /// (from the complete head to the response queued).
    public struct RequestSeries: Sendable {
        /// The matched pattern (`/events/{id}`), never the raw path; `unmatchedRoute` when no route matched.
        public var route: String
        /// A known method, or `_OTHER`.
        public var method: String
        public var status: Int
        public var durations: BucketedHistogram
    }

    /// The `route` of requests no route matched (404, automatic OPTIONS, parse errors, timeouts' 408s).
    public static let unmatchedRoute = "unmatched"
    /// The bounds of `RequestSeries.durations`, in nanoseconds.
    public static var durationBounds: [UInt64] { LoopMetrics.durationBounds }
    /// Every `timeouts` key and every `tlsHandshakeFailures` key, so an exporter can show the zeros too.
    public static var timeoutKinds: [String] { TimeoutKind.allCases.map(\.rawValue) }
    public static var tlsFailureReasons: [String] { TLSFailureReason.allCases.map(\.rawValue) }

    public var requests: [RequestSeries] = []
    /// Requests handed to a handler and not answered yet.
    public var activeRequests = 0
    public var connections = ConnectionCounts()
    /// Bytes read from and written to client sockets (TLS records included).
    public var bytesReceived: UInt64 = 0
    public var bytesSent: UInt64 = 0
    /// Requests refused by the parser, by kind (`invalid_request_line`, `header_section_too_large`, …).
    public var parseErrors: [String: UInt64] = [:]
    /// Connections a deadline ended, by kind (`handshake`, `header`, `body`, `idle`, `write`, `linger`).
    public var timeouts: [String: UInt64] = [:]
    public var tlsHandshakes: UInt64 = 0
    /// By reason: `protocol_violation`, `closed_by_peer`, `unavailable`, `timeout`.
    public var tlsHandshakeFailures: [String: UInt64] = [:]

    public init() {}

    /// Adds another share; requests of the same route, method and status are merged.
    mutating func add(_ other: ServerMetrics) {
        var index: [String: Int] = [:]
        for (position, series) in requests.enumerated() { index[Self.key(series)] = position }
        for series in other.requests {
            if let position = index[Self.key(series)] {
                requests[position].durations.add(series.durations)
            } else {
                index[Self.key(series)] = requests.count
                requests.append(series)
            }
        }
        activeRequests += other.activeRequests
        connections = connections + other.connections
        bytesReceived &+= other.bytesReceived
        bytesSent &+= other.bytesSent
        parseErrors.merge(other.parseErrors, uniquingKeysWith: &+)
        timeouts.merge(other.timeouts, uniquingKeysWith: &+)
        tlsHandshakes &+= other.tlsHandshakes
        tlsHandshakeFailures.merge(other.tlsHandshakeFailures, uniquingKeysWith: &+)
    }

    private static func key(_ series: RequestSeries) -> String {
        "\(series.method) \(series.status) \(series.route)"
    }
}
