import AgoraAPI
import AgoraStore
import Dispatch
import HTTPServer
import Synchronization

/// `GET /metrics`: checks access, asks the engine's loops for their counters (without blocking the loop that
/// runs this handler), reads the store and the process, and answers the exposition from a background queue.
final class MetricsEndpoint: Sendable {
    private let access: MetricsAccess
    private let api: AgoraAPI
    private let exporter: MetricsExporter
    private let journalPath: String
    /// The server whose loops are asked; set once it exists (the router, and so this route, is built before it).
    private let server = Mutex<HTTPServer?>(nil)
    private let queue = DispatchQueue(label: "agora.metrics", qos: .utility)

    /// The exposition format's media type (Prometheus text format 0.0.4).
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    init(access: MetricsAccess, api: AgoraAPI, exporter: MetricsExporter, journalPath: String) {
        self.access = access
        self.api = api
        self.exporter = exporter
        self.journalPath = journalPath
        foldTimer = DispatchSource.makeTimerSource(queue: queue)
        foldTimer.schedule(deadline: .now() + Self.foldInterval, repeating: Self.foldInterval, leeway: .seconds(1))
    }

    /// How often the histograms are brought up to date between scrapes (`MetricsExporter.fold`): the work of a
    /// fold is proportional to the requests since the previous one, a few ms per 100 000.
    static let foldInterval = DispatchTimeInterval.seconds(5)
    /// nonisolated(unsafe): a DispatchSource is not marked Sendable, but its methods are thread-safe, and this one is
    /// configured in `init` and only resumed, once, by `attach`.
    nonisolated(unsafe) private let foldTimer: any DispatchSourceTimer

    /// Starts asking `server` for its counters, now at each scrape and every `foldInterval` in between.
    func attach(_ server: HTTPServer) {
        let first = self.server.withLock { current -> Bool in
            defer { current = server }
            return current == nil
        }
        guard first else { return }
        foldTimer.setEventHandler { [weak self] in self?.fold() }
        foldTimer.resume()
    }

    private func fold() {
        guard let server = server.withLock({ $0 }), !server.boundPorts.isEmpty else { return }
        server.metrics { [self] metrics in
            let store = api.store.statistics
            queue.async { [self] in exporter.fold(metrics, store) }
        }
    }

    func register(in router: inout Router) {
        router.get("/metrics", access: .restricted) { [self] request in
            try access.check(request)
            return .later { [self] completion in scrape(completion) }
        }
    }

    private func scrape(_ completion: ResponseCompletion) {
        let answer: @Sendable (ServerMetrics) -> Void = { [self] metrics in
            queue.async { [self] in
                let body = exporter.render(MetricsSources(server: metrics, api: api, journalPath: journalPath))
                var headers = HTTPHeaders()
                headers.add("Content-Type", Self.contentType)
                headers.add("Cache-Control", "no-store")
                completion.succeed(Response(status: .ok, headers: headers, body: body))
            }
        }
        guard let server = server.withLock({ $0 }) else { return answer(ServerMetrics()) }
        server.metrics(answer)
    }
}
