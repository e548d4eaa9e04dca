import AgoraStore
import HTTPServer
import Prometheus

/// The series of each source, after the histograms are folded (`MetricsExporter.render`); the names and their
/// meanings are listed in Docs/operations.md, "Monitoring".
extension MetricsExporter {
    func exportHTTP(_ server: ServerMetrics) {
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

    func exportStore(_ sources: MetricsSources) {
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
        if let delivering = sources.delivering {
            gauge("agora_delivery_lease_held", "1 while this instance delivers webhooks and mail (PostgreSQL store), else 0.")
                .set(to: delivering ? 1 : 0)
        }
        // Each transition is logged too (`store turned unwritable`, `store writable again`); counting them lets an
        // alert see an outage that began and ended between two scrapes.
        counter("agora_store_transitions_total", "Times the store turned unwritable or writable again.", [("to", "unwritable")])
            .setTotal(UInt64(sources.storeStatus.turnedUnwritable))
        counter("agora_store_transitions_total", "Times the store turned unwritable or writable again.", [("to", "writable")])
            .setTotal(UInt64(sources.storeStatus.turnedWritable))
        counter("agora_store_disk_probe_failures_total", "Probe writes that failed while the store was unwritable.")
            .setTotal(UInt64(sources.storeStatus.failedDiskProbes))
    }

    func exportState(_ sources: MetricsSources) {
        gauge("agora_events", "Events in the state.").set(to: Double(sources.events))
        gauge("agora_programme_slots", "Programme slots of all events.").set(to: Double(sources.slots))
        gauge("agora_partners", "Partners in the state.").set(to: Double(sources.partners))
        for (status, count) in sources.registrations.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            gauge("agora_registrations", "Registrations by status.", [("status", status.rawValue)]).set(to: Double(count))
        }
        counter("agora_registration_rate_limited_total", "Registrations refused with 429 by the per-address rate limit.")
            .setTotal(sources.rateLimitRefusals)
        gauge("agora_build_info", "Always 1; the labels name the running build.", [("version", version), ("commit", EmbeddedResources.gitCommit)]).set(to: 1)
    }

    func exportProcess(_ process: ProcessStatistics) {
        gauge("process_resident_memory_bytes", "Resident memory size in bytes.").set(to: process.residentBytes)
        gauge("process_open_fds", "Open file descriptors.").set(to: process.openDescriptors)
        gauge("process_max_fds", "The limit on open file descriptors.").set(to: process.maxDescriptors)
        gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.").set(to: startedAt)
        let cpu = registry.makeCounter(descriptor: name("process_cpu_seconds_total", unit: "",
                                                        "User and system CPU time spent, in seconds."))
        cpu.reset()
        cpu.increment(by: process.cpuSeconds)
    }
}
