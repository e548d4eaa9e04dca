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
    private let registry = PrometheusCollectorRegistry()
    /// The histograms as they were at the previous scrape, by series, so a scrape replays only what is new.
    /// The lock also makes scrapes one at a time: updating and rendering happen together.
    private let previous = Mutex<[String: BucketedHistogram]>([:])
    private let startedAt: Double
    private let version: String

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

    // MARK: Families

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

    private func exportHTTP(_ server: ServerMetrics) {
        gauge("http_server_active_requests", "Requests handed to a handler and not answered yet.")
            .set(to: Double(server.activeRequests))
        for (state, count) in [("reading", server.connections.reading), ("writing", server.connections.writing),
                               ("waiting", server.connections.waiting)] {
            gauge("http_server_open_connections", "Open client connections by state (as nginx's stub_status).",
                  [("state", state)]).set(to: Double(count))
        }
        counter("http_server_received_bytes_total", "Bytes read from client sockets (TLS records included).")
            .setTotal(server.bytesReceived)
        counter("http_server_sent_bytes_total", "Bytes written to client sockets (TLS records included).")
            .setTotal(server.bytesSent)
        for (kind, count) in server.parseErrors {
            counter("http_server_parse_errors_total", "Requests refused by the HTTP parser, by kind.", [("kind", kind)])
                .setTotal(count)
        }
        for kind in ServerMetrics.timeoutKinds {
            counter("http_server_timeouts_total", "Connections ended by a deadline, by kind.", [("kind", kind)])
                .setTotal(server.timeouts[kind] ?? 0)
        }
        counter("tls_server_handshakes_total", "TLS handshakes completed.").setTotal(server.tlsHandshakes)
        for reason in ServerMetrics.tlsFailureReasons {
            counter("tls_server_handshake_failures_total", "TLS handshakes that did not complete, by reason.",
                    [("reason", reason)]).setTotal(server.tlsHandshakeFailures[reason] ?? 0)
        }
    }

    private func exportStore(_ sources: MetricsSources) {
        let store = sources.store
        counter("agora_store_snapshot_failures_total", "Snapshots that failed.").setTotal(store.snapshotFailures)
        let lastSnapshot = store.lastSnapshotAt?.timeIntervalSince1970 ?? startedAt
        gauge("agora_store_snapshot_age_seconds",
              "Seconds since the last snapshot was written (since the server started when none was).")
            .set(to: max(0, sources.now.timeIntervalSince1970 - lastSnapshot))
        gauge("agora_store_journal_bytes", "Size of the journal file (commands since the last snapshot).")
            .set(to: sources.journalBytes)
        gauge("agora_store_sequence", "Sequence number of the last durable command.").set(to: Double(sources.sequence))
        gauge("agora_store_unwritable", "1 while the store refuses writes (a disk failure), else 0.")
            .set(to: sources.writable ? 0 : 1)
    }

    private func exportState(_ sources: MetricsSources) {
        gauge("agora_events", "Events in the state.").set(to: Double(sources.events))
        gauge("agora_programme_slots", "Programme slots of all events.").set(to: Double(sources.slots))
        gauge("agora_partners", "Partners in the state.").set(to: Double(sources.partners))
        for (status, count) in sources.registrations.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            gauge("agora_registrations", "Registrations by status.", [("status", status.rawValue)]).set(to: Double(count))
        }
        counter("agora_registration_rate_limited_total", "Registrations refused with 429 by the per-address rate limit.")
            .setTotal(sources.rateLimitRefusals)
        gauge("agora_build_info", "Always 1; the labels name the running build.", [("version", version)]).set(to: 1)
    }

    private func exportProcess(_ process: ProcessStatistics) {
        gauge("process_resident_memory_bytes", "Resident memory size in bytes.").set(to: process.residentBytes)
        gauge("process_open_fds", "Open file descriptors.").set(to: process.openDescriptors)
        gauge("process_max_fds", "The limit on open file descriptors.").set(to: process.maxDescriptors)
        gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.").set(to: startedAt)
        let cpu = registry.makeCounter(descriptor: name("process_cpu_seconds_total", unit: "",
                                                        "User and system CPU time spent, in seconds."))
        cpu.reset()
        cpu.increment(by: process.cpuSeconds)
    }

    // MARK: Helpers

    private func name(_ metric: String, unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: metric, unitName: unit, helpText: help)
    }

    private func gauge(_ metric: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        labels.isEmpty ? registry.makeGauge(descriptor: name(metric, unit: "", help))
            : registry.makeGauge(descriptor: name(metric, unit: "", help), labels: labels)
    }

    private func counter(_ metric: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
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

extension Counter {
    /// The engine and the store keep running totals; a scrape (one at a time, under the exporter's lock, so no
    /// render sees the reset) sets the counter to the total rather than keeping deltas.
    fileprivate func setTotal(_ total: UInt64) {
        reset()
        increment(by: Int64(clamping: total))
    }
}
