import ObservationBuckets

/// One event loop's counters: plain integers and bucket arrays owned by the loop, never shared. Recording is a
/// few adds on memory only this thread touches — no lock, no atomic (an uncontended atomic add is already a
/// locked bus cycle, ~5–20 ns, and with every loop hitting the same line it bounces between cores); a scrape
/// hops onto each loop to copy its share and adds the copies up (`HTTPServer.metrics`), so the cost moves from
/// every request to every scrape.
struct LoopMetrics {
    /// Upper bounds of `http_server_request_duration_seconds`, in nanoseconds: the OpenTelemetry HTTP buckets
    /// (5 ms … 10 s) below which this server's cached reads (tens of µs) get buckets of their own.
    static let durationBounds: [UInt64] = [
        50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000,
        100_000_000, 250_000_000, 500_000_000, 1_000_000_000, 2_500_000_000, 5_000_000_000, 10_000_000_000,
    ]

    /// The requests of one (route, method) with one status.
    struct Cell {
        let status: Int
        var durations = BucketedHistogram(upperBounds: LoopMetrics.durationBounds)
    }

    let enabled: Bool
    /// Indexed by `slot(route:method:)`: a route's few statuses are found by a scan of two or three cells, never
    /// by hashing a string.
    private(set) var cells: [[Cell]]
    var activeRequests = 0
    var bytesReceived: UInt64 = 0
    var bytesSent: UInt64 = 0
    // Rare events: a dictionary lookup is fine there.
    var parseErrors: [HTTPParseError: UInt64] = [:]
    var timeouts: [TimeoutKind: UInt64] = [:]
    var tlsHandshakes: UInt64 = 0
    var tlsHandshakeFailures: [TLSFailureReason: UInt64] = [:]

    init(routeCount: Int, enabled: Bool) {
        self.enabled = enabled
        cells = enabled ? Array(repeating: [], count: (routeCount + 1) * MethodLabel.count) : []
    }

    /// `route`: the router's id of the matched pattern, nil when none matched.
    mutating func recordRequest(route: Int?, method: HTTPMethod, status: Int, nanoseconds: UInt64) {
        guard enabled else { return }
        let slot = ((route ?? -1) + 1) * MethodLabel.count + MethodLabel.index(of: method)
        guard slot < cells.count else { return }
        for index in cells[slot].indices where cells[slot][index].status == status {
            cells[slot][index].durations.record(nanoseconds)
            return
        }
        var cell = Cell(status: status)
        cell.durations.record(nanoseconds)
        cells[slot].append(cell)
    }

    /// This loop's share as the public value, route ids turned into their patterns.
    func snapshot(patterns: [String]) -> ServerMetrics {
        var metrics = ServerMetrics()
        for (slot, slotCells) in cells.enumerated() where !slotCells.isEmpty {
            let route = slot / MethodLabel.count - 1
            let label = route >= 0 && route < patterns.count ? patterns[route] : ServerMetrics.unmatchedRoute
            let method = MethodLabel.names[slot % MethodLabel.count]
            for cell in slotCells {
                metrics.requests.append(.init(route: label, method: method, status: cell.status, durations: cell.durations))
            }
        }
        metrics.activeRequests = activeRequests
        metrics.bytesReceived = bytesReceived
        metrics.bytesSent = bytesSent
        for (error, count) in parseErrors { metrics.parseErrors[error.metricLabel, default: 0] += count }
        for (kind, count) in timeouts { metrics.timeouts[kind.rawValue, default: 0] += count }
        metrics.tlsHandshakes = tlsHandshakes
        for (reason, count) in tlsHandshakeFailures { metrics.tlsHandshakeFailures[reason.rawValue, default: 0] += count }
        return metrics
    }
}
