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

    /// The requests of one (route, method) with one status: which, and where its buckets start in `bucketCounts`
    /// and `bucketSums`.
    struct Cell {
        let slot: Int
        let status: Int
    }

    let enabled: Bool
    /// Every (route, method, status) seen, in order of first use; its buckets are at `index * bucketsPerCell`.
    private(set) var cells: [Cell] = []
    /// Indexed by `slot(route:method:)`: the cell that slot recorded last, or -1. A route answers one status nearly
    /// always, so recording finds its cell with one comparison; another status scans `cells` once and becomes the
    /// slot's last. No string is hashed, no nested array is checked for uniqueness.
    private var lastCell: [Int]
    /// The buckets of every cell, flat: one array to add to, whatever the number of cells.
    private var bucketCounts: [UInt64] = []
    private var bucketSums: [UInt64] = []
    /// Finds a duration's bucket (`BucketedHistogram.bucket(of:)`: from the value's bit width, not by a scan).
    private let buckets = BucketedHistogram(upperBounds: LoopMetrics.durationBounds)
    private let bucketsPerCell = LoopMetrics.durationBounds.count + 1
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
        lastCell = enabled ? Array(repeating: -1, count: (routeCount + 1) * MethodLabel.count) : []
    }

    /// `route`: the router's id of the matched pattern, nil when none matched.
    mutating func recordRequest(route: Int?, method: HTTPMethod, status: Int, nanoseconds: UInt64) {
        guard enabled else { return }
        let slot = ((route ?? -1) + 1) * MethodLabel.count + MethodLabel.index(of: method)
        guard slot >= 0, slot < lastCell.count else { return }
        var cell = lastCell[slot]
        if cell < 0 || cells[cell].status != status {
            cell = cells.firstIndex { $0.slot == slot && $0.status == status } ?? addCell(slot: slot, status: status)
            lastCell[slot] = cell
        }
        let index = cell * bucketsPerCell + buckets.bucket(of: nanoseconds)
        bucketCounts[index] &+= 1
        bucketSums[index] &+= nanoseconds
    }

    private mutating func addCell(slot: Int, status: Int) -> Int {
        cells.append(Cell(slot: slot, status: status))
        bucketCounts.append(contentsOf: repeatElement(0, count: bucketsPerCell))
        bucketSums.append(contentsOf: repeatElement(0, count: bucketsPerCell))
        return cells.count - 1
    }

    /// The durations recorded for one cell, as the public histogram.
    func durations(of cell: Int) -> BucketedHistogram {
        let range = (cell * bucketsPerCell)..<((cell + 1) * bucketsPerCell)
        return BucketedHistogram(upperBounds: Self.durationBounds, counts: bucketCounts[range], sums: bucketSums[range])
    }

    /// This loop's share as the public value, route ids turned into their patterns.
    func snapshot(patterns: [String]) -> ServerMetrics {
        var metrics = ServerMetrics()
        // Grouped by slot, in slot order, each slot's statuses in order of first use (as the cells were kept before).
        for (index, cell) in cells.enumerated().sorted(by: { ($0.element.slot, $0.offset) < ($1.element.slot, $1.offset) }) {
            let route = cell.slot / MethodLabel.count - 1
            let label = route >= 0 && route < patterns.count ? patterns[route] : ServerMetrics.unmatchedRoute
            let method = MethodLabel.names[cell.slot % MethodLabel.count]
            metrics.requests.append(.init(route: label, method: method, status: cell.status, durations: durations(of: index)))
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
