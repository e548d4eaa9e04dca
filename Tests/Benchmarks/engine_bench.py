#!/usr/bin/env python3
"""Engine benchmark: agora (epoll and Dispatch backends) against nginx serving the same bytes, same run, interleaved.

Release build; wrk on 127.0.0.1 at 1, 64 and 256 connections against /healthz and a fixed ~12 KiB JSON body, served
by `agora-bench serve` (the engine alone: HTTPServer with that one route). nginx runs with its own config on another
port, access_log off, 2 workers. agora-bench logs every request (buffered JSON lines to a file, as in production).
A Hummingbird 2 server (Tests/Benchmarks/HummingbirdPeer, built by bench_support.hummingbird_peer) serves the same
bytes as a second peer. With --compare-shared, a third agora runs with every loop on one shared listening socket
(`--listener shared`, the engine before issue 16) beside the default one SO_REUSEPORT socket per loop.
Prints req/s, p50/p99 latency and the ratios to nginx and to Hummingbird as a Markdown table, and idle RSS of each
server.

Usage: engine_bench.py [--duration S] [--rounds N] [--connections 1,64,256] [--routes healthz,static]
                       [--no-dispatch] [--no-hummingbird] [--compare-shared] [--out FILE]
"""
import argparse, os, shutil, statistics, sys, tempfile, time

from bench_support import (AGORA_BENCH, ROOT, free_port, hummingbird_peer, load_average, process_tree,
                           require_tools, rss_kib, run_wrk, start, start_hummingbird, start_nginx, static_site, stop,
                           wait_http, write_report)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", default="1,64,256")
    parser.add_argument("--routes", default="healthz,static", help="healthz, static (the 12 KiB body) or both")
    parser.add_argument("--no-dispatch", action="store_true", help="leave out the Dispatch backend")
    parser.add_argument("--no-hummingbird", action="store_true", help="leave out the Hummingbird 2 peer")
    parser.add_argument("--compare-shared", action="store_true",
                        help="also agora with one listening socket shared by every loop (before issue 16)")
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "engine.md"))
    args = parser.parse_args()
    require_tools("wrk", "nginx")
    work = tempfile.mkdtemp(prefix="agora-bench-")
    os.chmod(work, 0o755)   # nginx workers run unprivileged and must reach the document root
    procs = []
    try:
        agoras = [("agora-epoll", ["--backend", "epoll"])]
        if args.compare_shared:
            agoras.append(("agora-epoll-shared", ["--backend", "epoll", "--listener", "shared"]))
        if not args.no_dispatch:
            agoras.append(("agora-dispatch", ["--backend", "dispatch"]))
        hummingbird = None if args.no_hummingbird else hummingbird_peer()
        names = ["nginx"] + [name for name, _ in agoras] + (["hummingbird"] if hummingbird else [])
        ports = {name: free_port() for name in names}
        servers = {}
        for name, flags in agoras:
            procs.append(start([AGORA_BENCH, "serve", "--port", str(ports[name]), *flags, "--log-level", "info"],
                               os.path.join(work, f"{name}.log")))
            servers[name] = {"pids": [procs[-1].pid], "base": f"http://127.0.0.1:{ports[name]}"}
        body = wait_http(servers["agora-epoll"]["base"] + "/bench/static")
        for name, _ in agoras:
            wait_http(servers[name]["base"] + "/healthz")
        www = static_site(work, {"bench/static": body, "healthz": b'{"status":"ok"}'})
        ng = start_nginx(work, ports["nginx"], www)
        procs.append(ng)
        servers["nginx"] = {"pids": [], "base": f"http://127.0.0.1:{ports['nginx']}"}
        wait_http(servers["nginx"]["base"] + "/healthz")
        if hummingbird:
            procs.append(start_hummingbird(hummingbird, ports["hummingbird"], www, os.path.join(work, "hummingbird.log")))
            servers["hummingbird"] = {"pids": [procs[-1].pid], "base": f"http://127.0.0.1:{ports['hummingbird']}"}
            assert wait_http(servers["hummingbird"]["base"] + "/bench/static") == body
        time.sleep(0.5)
        servers["nginx"]["pids"] = process_tree(ng.pid)
        idle = {name: rss_kib(s["pids"]) for name, s in servers.items()}
        load_before = load_average()

        routes = [route for route in (("/healthz", "/healthz"), ("12 KiB JSON", "/bench/static"))
                  if ("healthz" if route[1] == "/healthz" else "static") in args.routes.split(",")]
        results = {}
        for connections in [int(c) for c in args.connections.split(",")]:
            for label, path in routes:
                for round_ in range(args.rounds):
                    # Interleave the servers within each round so drift in machine load hits all of them alike.
                    for name in names:
                        r = run_wrk(servers[name]["base"] + path, connections, args.duration)
                        results.setdefault((connections, label, name), []).append(r)
                        print(f"c={connections:<4} {label:<12} {name:<15} {r['rps']:>10.0f} req/s  p50 {r['p50']:.2f} ms  p99 {r['p99']:.2f} ms",
                              file=sys.stderr, flush=True)
        loaded = {name: rss_kib(s["pids"]) for name, s in servers.items()}

        lines = ["| conns | route | server | req/s (median) | × nginx | × Hummingbird | p50 ms | p99 ms |",
                 "|---:|---|---|---:|---:|---:|---:|---:|"]
        for connections in [int(c) for c in args.connections.split(",")]:
            for label, _ in routes:
                base = statistics.median(r["rps"] for r in results[(connections, label, "nginx")])
                peer = (statistics.median(r["rps"] for r in results[(connections, label, "hummingbird")])
                        if hummingbird else None)
                for name in names:
                    rs = results[(connections, label, name)]
                    rps = statistics.median(r["rps"] for r in rs)
                    p50 = statistics.median(r["p50"] for r in rs)
                    p99 = statistics.median(r["p99"] for r in rs)
                    bad = sum(r["non2xx"] for r in rs)
                    note = f" ({bad} non-2xx)" if bad else ""
                    versus_peer = f"{rps / peer:.2f}" if peer else "-"
                    lines.append(f"| {connections} | {label} | {name} | {rps:,.0f}{note} | {rps / base:.2f} | "
                                 f"{versus_peer} | {p50:.2f} | {p99:.2f} |")
        lines.append("")
        lines.append("| server | idle RSS | RSS after load |")
        lines.append("|---|---:|---:|")
        for name in names:
            lines.append(f"| {name} | {idle[name] / 1024:.1f} MiB | {loaded[name] / 1024:.1f} MiB |")
        lines.append("")
        lines.append(f"Load average before / after: {load_before} / {load_average()}; medians of {args.rounds} rounds "
                     f"× {args.duration} s, servers interleaved within each round.")
        write_report(args.out, lines)
        print(f"\n(wrk {args.duration}s × {args.rounds} rounds per cell, interleaved; {os.cpu_count()} cores; report in {args.out})")
    finally:
        stop(procs)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
