// `agora-bench export-bench`: what the exports cost, for Docs/benchmarks.md (issue 11). For the 2025 seed event and a
// generated event of 200 slots, each export (schedule.json, schedule.xml, JSON-LD, calendar.ics; the event's JSON for
// comparison) is measured three ways:
//   render   the renderer alone (AgoraExports, or the API's JSON representation for comparison), no cache;
//   uncached a served request that misses the representation cache: a real `agora` API on 127.0.0.1 behind the
//            engine, each request with another `?lang=` variant (`de-b1`, `de-b2`, … all served as German), so each
//            renders, hashes its ETag and stores its entry;
//   cached   the same served request repeated, answered from the representation cache.
// Served requests go over one keep-alive loopback connection; the figure is the mean time per request.
import AgoraAPI
import AgoraDomain
import AgoraExports
import AgoraLogging
import AgoraStore
import FoundationEssentials
import HTTPServer
import TestSupport

enum ExportBenchmark {
    struct Export: Sendable {
        let name: String
        let path: @Sendable (String) -> String
        let render: @Sendable (AgoraState, Event) -> [UInt8]
    }

    static let links = ExportLinks(base: "http://127.0.0.1")

    /// Every export, and the event's JSON for comparison.
    static let exports: [Export] = [
        Export(name: "event JSON", path: { "/events/\($0)" }) { state, event in
            var representation = Representation(state: state, now: event.startsAt, language: .ranked(["de"]))
            return representation.event(event).bytes
        },
        Export(name: "schedule.json", path: { "/events/\($0)/schedule.json" }) { _, event in
            var choice = ExportLanguage(ranked: ["de"])
            return ScheduleJSON.bytes(Schedule(of: event, links: links, choice: &choice))
        },
        Export(name: "schedule.xml", path: { "/events/\($0)/schedule.xml" }) { _, event in
            var choice = ExportLanguage(ranked: ["de"])
            return ScheduleXML.bytes(Schedule(of: event, links: links, choice: &choice))
        },
        Export(name: "calendar.ics", path: { "/events/\($0)/calendar.ics" }) { _, event in
            var calendar = CalendarExport(name: event.id, refreshInterval: 3600, languages: ["de"])
            calendar.add(event: event)
            return calendar.finish().bytes
        },
        Export(name: "JSON-LD", path: { "/events/\($0).jsonld" }) { state, event in
            var choice = ExportLanguage(ranked: ["de"])
            return EventLinkedData.bytes(event, partners: state.partners(ofEvent: event.id), links: links, choice: &choice)
        },
    ]

    static func run(directory: String, seedDirectory: String, iterations: Int) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: seedDirectory).filter { $0.hasSuffix(".json") }.sorted()
        var documents = try names.map { try SeedDocument(json: Data(contentsOf: URL(filePath: seedDirectory + "/" + $0))) }
        documents.append(SeedDocument(events: [generatedEvent()]))
        let state = try Seed.state(from: documents)
        let path = directory + "/export-bench-\(ProcessInfo.processInfo.processIdentifier)"
        defer { Figures.removeDirectory(path) }
        let store = try DurableStore<AgoraState>.open(directory: path) { state }
        let api = AgoraAPI(store: store, now: { Instant(Date()) }, settings: APISettings(cacheCapacity: iterations * 8 + 64))
        var router = Router()
        api.register(in: &router)
        let server = HTTPServer(configuration: ServerConfiguration(listeners: [.init(host: "127.0.0.1", port: 0)],
                                                                   loopCount: 1),
                                router: router, log: LogWriter(level: .error))
        let port = try server.start()[0]
        defer { server.shutdown { _ in } }
        let client = try KeepAliveClient(port: port)
        var report = ["event                  export           bytes    render µs  uncached µs   cached µs"]
        for eventId in ["assises-sociales-2025", "bench-200-slots-2030"] {
            guard let event = state.events[eventId] else { continue }
            for export in exports {
                let clock = ContinuousClock()
                var bytes = 0
                let renderStart = clock.now
                for _ in 0..<iterations { bytes = export.render(state, event).count }
                let render = Figures.seconds(clock.now - renderStart) / Double(iterations)
                let target = export.path(eventId)
                let uncachedStart = clock.now
                for index in 0..<iterations { try client.get(target + "?lang=de-b\(index)") }
                let uncached = Figures.seconds(clock.now - uncachedStart) / Double(iterations)
                try client.get(target + "?lang=de")
                let cachedStart = clock.now
                for _ in 0..<iterations { try client.get(target + "?lang=de") }
                let cached = Figures.seconds(clock.now - cachedStart) / Double(iterations)
                report.append(eventId.padding(toLength: 23, withPad: " ", startingAt: 0)
                    + export.name.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + Figures.pad(bytes, 8) + Figures.pad(Figures.format(render * 1e6, 1), 13)
                    + Figures.pad(Figures.format(uncached * 1e6, 1), 13) + Figures.pad(Figures.format(cached * 1e6, 1), 12))
            }
        }
        try? store.close()
        return report.joined(separator: "\n")
    }
}

/// One keep-alive connection for served requests: each GET waits for its whole response (a 200 is required).
final class KeepAliveClient {
    private let socket: SocketClient
    private var buffer: [UInt8] = []

    init(port: Int) throws { socket = try SocketClient(port: port) }

    func get(_ target: String) throws {
        try socket.sendRaw(Array("GET \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        while true {
            if let reply = HTTPReply.take(from: &buffer) {
                guard reply.status == 200 else { throw SocketFailure(call: "GET \(target): \(reply.status) \(reply.text)") }
                return
            }
            guard let bytes = try socket.receiveRaw(timeout: .seconds(10)) else { throw SocketFailure(call: "GET \(target): timed out") }
            buffer += bytes
        }
    }
}
