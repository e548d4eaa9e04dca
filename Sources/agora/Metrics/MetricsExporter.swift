import AgoraStore
import HTTPServer
import ObservationBuckets
import Prometheus
import Synchronization

/// The Prometheus side of `/metrics`: one swift-prometheus registry, brought up to date from a scrape's
/// `MetricsSources` and rendered in the text format (version 0.0.4) by swift-prometheus — nothing here writes
/// exposition syntax. Names and labels follow the OpenTelemetry HTTP semantic conventions (`http.server.*`,
/// `http.route`, `http.request.method`, `http.response.status_code`, dots as underscores) and Prometheus's own
/// `process_*` names; the series are listed in Docs/operations.md, "Monitoring".
final class MetricsExporter: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// The histograms as they were at the previous fold, by series, so a fold replays only what is new. The lock
    /// also makes folds and scrapes one at a time: a scrape's update and rendering happen together, so no render
    /// sees a counter between its reset and its new total (`Counter.setTotal`).
    private let previous = Mutex<[String: BucketedHistogram]>([:])
    let startedAt: Double
    let version: String

    init(version: String, startedAt: Double) {
        self.version = version
        self.startedAt = startedAt
    }

    func render(_ sources: MetricsSources) -> [UInt8] {
        previous.withLock { previous in
            foldHistograms(sources.server, sources.store, &previous)
            exportHTTP(sources.server)
            exportStore(sources)
            exportState(sources)
            exportProcess(sources.process)
            return registry.emitToBuffer()
        }
    }

    /// Brings the histograms up to date between scrapes (`MetricsEndpoint` does every few seconds), so a scrape
    /// replays only the last seconds' observations — never everything since start, however long nobody scraped.
    func fold(_ server: ServerMetrics, _ store: StoreStatistics) {
        previous.withLock { foldHistograms(server, store, &$0) }
    }

    /// Replays what the histograms gained since the last fold (see `HistogramReplay`).
    private func foldHistograms(_ server: ServerMetrics, _ store: StoreStatistics,
                                _ previous: inout [String: BucketedHistogram]) {
        let buckets = HistogramReplay.durationBuckets(ServerMetrics.durationBounds)
        for series in server.requests {
            let labels = [("http_route", series.route), ("http_request_method", series.method),
                          ("http_response_status_code", String(series.status))]
            let histogram = registry.makeDurationHistogram(
                descriptor: name("http_server_request_duration", unit: "seconds",
                                 "Duration of HTTP server requests, from the complete request head to the response queued."),
                labels: labels, buckets: buckets)
            replay(series.durations, key: "http \(labels)", into: histogram, &previous)
        }
        replay(store.commitDurations, key: "commit", into: registry.makeDurationHistogram(
            descriptor: name("agora_store_commit_duration", unit: "seconds",
                             "Time to make one group-commit batch durable (journal write and fsync)."),
            labels: [], buckets: HistogramReplay.durationBuckets(StoreStatistics.durationBounds)), &previous)
        replay(store.batchSizes, key: "batch", into: registry.makeValueHistogram(
            descriptor: name("agora_store_commit_batch_size", unit: "", "Commands made durable by one group commit."),
            labels: [], buckets: store.batchSizes.upperBounds.map(Double.init)), &previous)
        replay(store.snapshotDurations, key: "snapshot", into: registry.makeDurationHistogram(
            descriptor: name("agora_store_snapshot_duration", unit: "seconds", "Time to write one snapshot."),
            labels: [], buckets: HistogramReplay.durationBuckets(store.snapshotDurations.upperBounds)), &previous)
    }

    // MARK: Helpers

    func name(_ metric: String, unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: metric, unitName: unit, helpText: help)
    }

    func gauge(_ metric: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        labels.isEmpty ? registry.makeGauge(descriptor: name(metric, unit: "", help))
            : registry.makeGauge(descriptor: name(metric, unit: "", help), labels: labels)
    }

    func counter(_ metric: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
        labels.isEmpty ? registry.makeCounter(descriptor: name(metric, unit: "", help))
            : registry.makeCounter(descriptor: name(metric, unit: "", help), labels: labels)
    }

    private func replay(_ current: BucketedHistogram, key: String, into histogram: DurationHistogram,
                        _ previous: inout [String: BucketedHistogram]) {
        guard let delta = previous[key].map({ current.subtracting($0) }) ?? current else { return }  // a stale copy
        previous[key] = current
        HistogramReplay.replay(delta, into: histogram)
    }

    private func replay(_ current: BucketedHistogram, key: String, into histogram: ValueHistogram,
                        _ previous: inout [String: BucketedHistogram]) {
        guard let delta = previous[key].map({ current.subtracting($0) }) ?? current else { return }  // a stale copy
        previous[key] = current
        HistogramReplay.replay(delta, into: histogram)
    }
}
