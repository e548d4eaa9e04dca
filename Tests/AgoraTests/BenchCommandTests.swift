import Foundation
import Testing
import TestSupport

/// `agora-bench`, the benchmark executable kept out of the shipped binary: its store benchmarks report and clean up,
/// its bench server answers the fixed body `make bench` compares with nginx, and `agora` no longer offers any of it.
@Suite("agora-bench")
struct BenchCommandTests {
    @Test func storeBenchReportsEveryWriterCountAndCleansUp() throws {
        let directory = TemporaryDirectory(prefix: "agora-bench")
        let bench = try AgoraProcess(["store-bench", "--data-dir", directory.path, "--writers", "1,4", "--commands", "40"],
                                     program: "agora-bench")
        #expect(bench.wait(timeout: .seconds(60)) == 0, "\(bench.stderr)")
        let rows = bench.stdout.split(separator: "\n")
        #expect(rows.count == 3, "\(bench.stdout)")
        #expect(rows.dropFirst().allSatisfy { !$0.contains("writers:") }, "\(bench.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "benchmark cleans up")
    }

    @Test func recoveryBenchReplaysAndReloads() throws {
        let directory = TemporaryDirectory(prefix: "agora-bench")
        // 20 events instead of the figures' 1 000 × 50 slots, which cost a debug build ~20 s of CPU (up to 10 min of
        // wall time on a loaded 2-core machine): this checks that the bench runs, reports and cleans up.
        let bench = try AgoraProcess(["store-recovery-bench", "--data-dir", directory.path, "--records", "500"],
                                     program: "agora-bench", environment: ["AGORA_BENCH_EVENTS": "20"])
        #expect(bench.wait(timeout: .seconds(120)) == 0, "\(bench.stderr)")
        #expect(bench.stdout.contains("state: 20 events"), "\(bench.stdout)")
        #expect(bench.stdout.contains("records: 500"), "\(bench.stdout) \(bench.stderr)")
        #expect(bench.stdout.contains("recovery from snapshot"), "\(bench.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "benchmark cleans up")
    }

    /// The profiling command (issue 16): one recovery of a directory `recovery-journal` wrote, reported, the directory
    /// left as it was (so it can be measured again); with `--then close` the journal is folded into a snapshot, which
    /// the next open loads.
    @Test func recoveryOpenReportsOneRecoveryAndLeavesTheDirectoryForTheNext() throws {
        let directory = TemporaryDirectory(prefix: "agora-bench")
        let events = ["AGORA_BENCH_EVENTS": "20"]
        let journal = try AgoraProcess(["recovery-journal", "--data-dir", directory.data, "--records", "300"],
                                       program: "agora-bench", environment: events)
        #expect(journal.wait(timeout: .seconds(120)) == 0, "\(journal.stderr)")
        let written = try directory.read("journal.jsonl")
        for round in 1...2 {
            let open = try AgoraProcess(["store-recovery-open", "--data-dir", directory.data], program: "agora-bench")
            #expect(open.wait(timeout: .seconds(120)) == 0, "\(open.stderr)")
            #expect(open.stdout.contains("recovered 300 registrations, 20 events"), "round \(round): \(open.stdout)")
            #expect(open.stdout.contains("open: ") && open.stdout.contains("peak RSS"), "\(open.stdout)")
            #expect(try directory.read("journal.jsonl") == written, "round \(round) leaves the journal as it was")
        }
        let close = try AgoraProcess(["store-recovery-open", "--data-dir", directory.data, "--then", "close"], program: "agora-bench")
        #expect(close.wait(timeout: .seconds(120)) == 0, "\(close.stderr)")
        #expect(close.stdout.contains("close (snapshot): "), "\(close.stdout)")
        #expect(try directory.read("journal.jsonl").isEmpty, "folded into the snapshot")
        let load = try AgoraProcess(["store-recovery-open", "--data-dir", directory.data], program: "agora-bench")
        #expect(load.wait(timeout: .seconds(120)) == 0, "\(load.stderr)")
        #expect(load.stdout.contains("recovered 300 registrations, 20 events (journal 0.0 MiB"), "\(load.stdout)")
        let bad = try AgoraProcess(["store-recovery-open", "--data-dir", directory.data, "--then", "later"], program: "agora-bench")
        #expect(bad.wait() == 2, "an unknown --then is a usage error")
    }

    /// The command the lead runs for the export figures (issue 11): every export of both events, all three ways.
    @Test func exportBenchReportsEveryExportOfBothEventsAndCleansUp() throws {
        let directory = TemporaryDirectory(prefix: "agora-bench")
        let seed = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "Config/seed").path
        let bench = try AgoraProcess(["export-bench", "--data-dir", directory.path, "--seed-dir", seed, "--iterations", "2"],
                                     program: "agora-bench")
        #expect(bench.wait(timeout: .seconds(60)) == 0, "\(bench.stderr)")
        let rows = bench.stdout.split(separator: "\n").dropFirst()
        for event in ["assises-sociales-2025", "bench-200-slots-2030"] {
            for export in ["event JSON", "schedule.json", "schedule.xml", "calendar.ics", "JSON-LD"] {
                #expect(rows.contains { $0.hasPrefix(event) && $0.contains(export) }, "\(event) \(export): \(bench.stdout)")
            }
        }
        #expect(rows.count == 10, "\(bench.stdout)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty, "benchmark cleans up")
    }

    @Test func benchServerServesTheFixedBodyAndHealthUntilSIGTERM() throws {
        let server = try AgoraProcess(["serve", "--port", "0", "--loops", "1"], program: "agora-bench")
        let port = try #require(server.listeningPort(), "\(server.stderr)")
        let reply = try HTTPReply.get(port: port, "/bench/static")
        #expect(reply.status == 200)
        #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect((11 * 1024...12 * 1024).contains(reply.body.count), "about 12 KiB: \(reply.body.count)")
        #expect((reply.json["items"] as? [Any])?.isEmpty == false, "a JSON document")
        #expect(httpGet(port: port, path: "/healthz")?.status == 200)
        server.signal(SIGTERM)
        #expect(server.wait() == 0, "drains and exits 0: \(server.stderr)")
        #expect(server.stdout.contains("\"path\":\"/bench/static\""), "the access log is on, as in production")
    }

    @Test func theShippedBinaryListsOnlyOperatorCommands() throws {
        let help = try AgoraProcess(["--help"])
        #expect(help.wait() == 0)
        for command in ["serve", "token", "routes", "--version"] {
            #expect(help.stdout.contains("agora \(command)"), "\(command) in \(help.stdout)")
        }
        #expect(!help.stdout.contains("store-") && !help.stdout.contains("bench"), "\(help.stdout)")
        for removed in ["store-stress", "store-verify", "store-bench", "store-recovery-bench"] {
            let refused = try AgoraProcess([removed, "--data-dir", "/nonexistent"])
            #expect(refused.wait() == 2, "\(removed) is not an agora command")
        }
        let flag = try AgoraProcess(["serve", "--bench-routes", "--port", "0"])
        #expect(flag.wait() == 2, "--bench-routes is gone from serve")
        #expect(flag.stderr.contains("unknown option --bench-routes"), "\(flag.stderr)")
    }
}
