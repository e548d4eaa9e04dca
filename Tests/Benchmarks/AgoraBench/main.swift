/// `agora-bench`: what `make bench` and the crash tests drive, kept out of the shipped `agora` binary.
#if canImport(Glibc)
import Glibc
#endif

let arguments = CommandLine.arguments.dropFirst()

let usage = """
agora-bench — benchmarks and test drivers for Agora (not shipped)

Usage:
  agora-bench serve [--port N] [--tls-port N --tls-cert FILE --tls-key FILE] [--host ADDR]
                    [--backend epoll|dispatch] [--loops N] [--log-level debug|info|warning|error]
                    [--listener per-loop|shared]
      the engine alone (HTTPServer, and TLSTransport for --tls-port) serving GET /bench/static, a fixed
      ~12 KiB JSON body, and /healthz, for Tests/Benchmarks/engine_bench.py and tls_bench.py; --listener shared:
      every loop on one listening socket (the engine before issue 16) instead of one SO_REUSEPORT socket per loop
  agora-bench store-bench --data-dir DIR [--writers 1,16,64] [--commands N]
      durable commands/s by writer count (group commit)
  agora-bench store-recovery-bench --data-dir DIR [--records N]
      recovery, snapshot and memory figures for N registrations (default 1000000)
  agora-bench recovery-journal --data-dir DIR --records N
  agora-bench store-recovery-open --data-dir DIR [--then exit|close]
      for profilers: write a journal of N registrations as the recovery bench does; open DIR once and report that
      recovery alone (exit: leave DIR as it was; close: fold the journal into a snapshot, which later opens load)
  agora-bench store-stress --data-dir DIR --ack-file FILE [--writers N] [--count N] [--snapshot-every N]
  agora-bench store-verify --data-dir DIR --ack-file FILE
      the crash test's writer (records each acknowledged id) and checker (every acknowledged id is there)
  agora-bench feed-bench [--streams 10000] [--writes 200] [--readers 8] [--port 18931] [--agora PATH]
      starts agora serve and measures the change feed: memory per open SSE stream (server VmRSS), delivery
      latency p50/p99 from an admin write's acknowledgement to SSE clients, and that every stream saw every change
  agora-bench export-bench --data-dir DIR [--seed-dir Config/seed] [--iterations N]
      render time of every export (schedule.json, schedule.xml, calendar.ics, JSON-LD; event JSON to compare) for the
      2025 seed event and a generated 200-slot event: renderer alone, served uncached, served from the cache
  agora-bench render-bench --data-dir DIR [--seed-dir Config/seed] [--event ID] [--iterations N] [--rounds N]
      in-process thread CPU time of one uncached GET /events/{id} (default the 2025 seed event): the JSON render
      alone and a whole cache miss (render, encode, ETag, entry), every language and German

"""

switch arguments.first {
case nil, "--help", "-h", "help":
    print(usage, terminator: "")
case "serve":
    BenchServer.run(BenchFlags(command: "serve", arguments: arguments.dropFirst()))
case "feed-bench":
    exit(FeedBenchmark.run(BenchFlags(command: "feed-bench", arguments: arguments.dropFirst())))
case "export-bench":
    let flags = BenchFlags(command: "export-bench", arguments: arguments.dropFirst())
    do {
        print(try ExportBenchmark.run(directory: flags.required("data-dir"), seedDirectory: flags.optional("seed-dir") ?? "Config/seed",
                                      iterations: flags.number("iterations", 200)))
    } catch {
        BenchFlags.fail("export-bench: \(error)", status: 1)
    }
case "render-bench":
    let flags = BenchFlags(command: "render-bench", arguments: arguments.dropFirst())
    do {
        print(try RenderBenchmark.run(directory: flags.required("data-dir"), seedDirectory: flags.optional("seed-dir") ?? "Config/seed",
                                      eventId: flags.optional("event") ?? "assises-sociales-2025",
                                      iterations: flags.number("iterations", 2000), rounds: flags.number("rounds", 5)))
    } catch {
        BenchFlags.fail("render-bench: \(error)", status: 1)
    }
case let command? where StoreCommands.names.contains(command):
    exit(StoreCommands.run(BenchFlags(command: command, arguments: arguments.dropFirst())))
case let command?:
    BenchFlags.fail("unknown command \"\(command)\" (see agora-bench --help)")
}
