#!/usr/bin/env python3
"""Idle memory (issue 16): `agora serve` started on a fresh data directory (seeded from the embedded seed documents),
against nginx (master + 2 workers) serving the seed event list's bytes, same run.

Each round starts a fresh agora, waits for /readyz, reads its event list once (so the first representation is
cached, as a server that has answered anything holds it), waits --settle seconds, then reads VmRSS and
/proc/PID/smaps_rollup. Prints the median RSS of --rounds rounds, and for the last round what is resident by kind
(anonymous heap and stacks, file-backed code and data) and the largest mappings (from /proc/PID/smaps), so a figure
that misses says where the rest is.

Usage: memory_bench.py [--rounds N] [--settle S] [--out FILE] [--agora PATH]
"""
import argparse, os, shutil, statistics, sys, tempfile, time

from bench_support import (AGORA, ROOT, free_port, process_tree, rss_kib, start, start_nginx, static_site, stop,
                           wait_http, write_report, nginx_binary)


def smaps_rollup(pid):
    """{field: kB} of /proc/PID/smaps_rollup (Rss, Pss, Anonymous, Private_Dirty, ...)."""
    fields = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 3 and parts[-1] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    return fields


def mappings(pid):
    """Resident kB per mapped name ([heap], [stack], a library path, or [anon]), summed over its mappings."""
    totals = {}
    name = None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if "-" in parts[0] and len(parts) >= 5 and not parts[0].endswith(":"):
                name = parts[5] if len(parts) >= 6 else "[anon]"
            elif parts[0] == "Rss:":
                totals[name] = totals.get(name, 0) + int(parts[1])
    return totals


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--settle", type=float, default=1.0)
    parser.add_argument("--agora", default=AGORA)
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "memory.md"))
    args = parser.parse_args()
    if not os.path.exists(args.agora):
        sys.exit(f"{args.agora} missing: run 'swift build -c release' (or 'make bench')")
    work = tempfile.mkdtemp(prefix="agora-memorybench-")
    os.chmod(work, 0o755)
    procs = []
    try:
        agora_rss, last = [], None
        body = b""
        for round_ in range(args.rounds):
            port = free_port()
            agora = start([args.agora, "serve", "--port", str(port), "--data-dir", os.path.join(work, f"data-{round_}"),
                           "--log-level", "info"], os.path.join(work, f"agora-{round_}.log"), cwd=ROOT)
            base = f"http://127.0.0.1:{port}"
            wait_http(base + "/readyz")
            body = wait_http(base + "/events?past=true")
            time.sleep(args.settle)
            agora_rss.append(rss_kib([agora.pid]))
            last = (smaps_rollup(agora.pid), mappings(agora.pid))
            stop([agora])
            print(f"round {round_ + 1}: agora {agora_rss[-1] / 1024:.1f} MiB", file=sys.stderr, flush=True)

        nginx_rss = None
        if os.path.exists(nginx_binary()):
            ng = start_nginx(work, free_port(), static_site(work, {"events.json": body, "healthz": b'{"status":"ok"}'}))
            procs.append(ng)
            time.sleep(0.5 + args.settle)
            nginx_rss = rss_kib(process_tree(ng.pid))

        rollup, maps = last
        lines = [f"| server | idle RSS (median of {args.rounds}) | rounds |", "|---|---:|---|",
                 f"| agora serve (seeded) | {statistics.median(agora_rss) / 1024:.1f} MiB | "
                 + ", ".join(f"{r / 1024:.1f}" for r in agora_rss) + " |"]
        if nginx_rss is not None:
            lines.append(f"| nginx (master + 2 workers) | {nginx_rss / 1024:.1f} MiB | |")
        lines += ["", "agora, last round, /proc/PID/smaps_rollup:", "",
                  "| Rss | Pss | Anonymous | file-backed (Rss - Anonymous) | Private_Dirty |", "|---:|---:|---:|---:|---:|",
                  "| " + " | ".join(f"{v / 1024:.1f} MiB" for v in (
                      rollup.get("Rss", 0), rollup.get("Pss", 0), rollup.get("Anonymous", 0),
                      rollup.get("Rss", 0) - rollup.get("Anonymous", 0), rollup.get("Private_Dirty", 0))) + " |",
                  "", "Largest resident mappings (kB, summed per name):", "", "| mapping | resident |", "|---|---:|"]
        for name, kib in sorted(maps.items(), key=lambda item: -item[1])[:15]:
            lines.append(f"| {os.path.basename(name) if name.startswith('/') else name} | {kib:,} kB |")
        write_report(args.out, lines)
    finally:
        stop(procs)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
