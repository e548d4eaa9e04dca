// `agora-bench render-bench`: what one uncached read of an event page costs in-process (issue 16's "uncached render"
// row), for Docs/benchmarks.md. For the 2025 seed event, without `lang` (every language) and in German:
//   render    the JSON representation alone, from the state to the bytes, as `GET /events/{id}` writes it
//             (`Representation.eventBody`, straight into one buffer since issue 16);
//   tree      the same through the tree of values a write's reply still builds (`Representation.event`, encoded);
//   uncached  a whole cache miss of `GET /events/{id}`: render, encode, the SHA-256 ETag and the entry's headers
//             (`AgoraAPI.measureUncachedEventRead`, the code a miss runs), nothing stored.
// Thread CPU time (CLOCK_THREAD_CPUTIME_ID), so other work on a loaded machine does not count; the median of
// `--rounds` rounds of `--iterations` each.
import AgoraAPI
import AgoraDomain
import AgoraStore
import FoundationEssentials
import Glibc

enum RenderBenchmark {
    static func threadCPUNanoseconds() -> Int {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return time.tv_sec * 1_000_000_000 + time.tv_nsec
    }

    /// The median over `rounds` of the mean µs per call of `body` over `iterations` calls.
    static func median(rounds: Int, iterations: Int, _ body: () throws -> Int) rethrows -> (Double, Int) {
        var figures: [Double] = []
        var bytes = 0
        for _ in 0..<rounds {
            let start = threadCPUNanoseconds()
            for _ in 0..<iterations { bytes = try body() }
            figures.append(Double(threadCPUNanoseconds() - start) / Double(iterations) / 1000)
        }
        return (figures.sorted()[figures.count / 2], bytes)
    }

    static func run(directory: String, seedDirectory: String, eventId: String, iterations: Int,
                    rounds: Int) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: seedDirectory).filter { $0.hasSuffix(".json") }.sorted()
        let documents = try names.map { try SeedDocument(json: Data(contentsOf: URL(filePath: seedDirectory + "/" + $0))) }
        let state = try Seed.state(from: documents)
        guard let event = state.events[eventId] else { return "render-bench: no event \(eventId) in \(seedDirectory)" }
        let path = directory + "/render-bench-\(ProcessInfo.processInfo.processIdentifier)"
        defer { Figures.removeDirectory(path) }
        let store = try DurableStore<AgoraState>.open(directory: path) { state }
        defer { try? store.close() }
        let now = Instant(rfc3339: "2026-11-23T12:00:00Z") ?? event.startsAt
        let api = AgoraAPI(store: store, now: { now })
        var report = ["GET /events/\(eventId), in-process, thread CPU µs per call (median of \(rounds) × \(iterations))",
                      "language   bytes    render µs    tree µs  uncached µs"]
        for language in [nil, "de"] as [String?] {
            let preference: LanguagePreference = language.map { .ranked([$0]) } ?? .all
            let (render, bytes) = median(rounds: rounds, iterations: iterations) {
                var representation = Representation(state: state, now: now, language: preference)
                return representation.eventBody(event).count
            }
            let (tree, _) = median(rounds: rounds, iterations: iterations) {
                var representation = Representation(state: state, now: now, language: preference)
                return representation.event(event).bytes.count
            }
            let (uncached, _) = try median(rounds: rounds, iterations: iterations) {
                try api.measureUncachedEventRead(eventId, language: language)
            }
            report.append((language ?? "all").padding(toLength: 9, withPad: " ", startingAt: 0)
                + Figures.pad(bytes, 7) + Figures.pad(Figures.format(render, 2), 13)
                + Figures.pad(Figures.format(tree, 2), 11) + Figures.pad(Figures.format(uncached, 2), 13))
        }
        return report.joined(separator: "\n")
    }
}
