#!/usr/bin/env python3
"""HTTPS benchmark: agora's TLS listener against nginx with the same certificate and TLS policy, same run, interleaved.

Release build; a self-signed P-256 certificate made with the openssl command; both servers offer TLS 1.2-1.3 with the
same TLS 1.2 cipher list, groups X25519:P-256:P-384, server cipher order, session tickets and no session cache.
Measured with wrk over HTTPS:
  - keep-alive at 64 connections on /healthz and the ~12 KiB JSON route (`agora-bench serve`: the engine alone,
    HTTPServer over TLSTransport with that one route), and
  - new handshakes per second: wrk with `Connection: close`, so every request is a fresh TCP connection and a full
    TLS handshake (wrk does not resume sessions), at 64 connections.
wrk negotiates TLS 1.3 (X25519, TLS_AES_256_GCM_SHA384 with OpenSSL 3.0 defaults). nginx: access_log off, 2 workers;
agora-bench logs every request (buffered JSON lines to a file, as in production). Prints req/s, p50/p99 and the ratio to
nginx as a Markdown table, with the load average before and after (the machine should be quiet).

Usage: tls_bench.py [--duration S] [--rounds N] [--connections N] [--backends epoll,dispatch] [--out FILE]
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

from bench_support import (AGORA_BENCH, ROOT, free_port, load_average, require_tools, run_wrk, start, start_nginx,
                           static_site, stop, tls_context, wait_http, write_report)

# Agora's policy (Sources/TLSTransport/TLSContext+Policy.swift), given to nginx so both negotiate the same.
TLS12_CIPHERS = ("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                 "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305")
GROUPS = "X25519:prime256v1:secp384r1"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--backends", default="epoll")
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "tls.md"))
    args = parser.parse_args()
    require_tools("wrk", "openssl", "nginx")
    work = tempfile.mkdtemp(prefix="agora-tls-bench-")
    # nginx's workers run as an unprivileged user when started as root: they must reach the document root (the key
    # stays 0600, read by the master).
    os.chmod(work, 0o711)
    procs = []
    try:
        certificate, key = os.path.join(work, "localhost.crt"), os.path.join(work, "localhost.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                        "-keyout", key, "-out", certificate], check=True, capture_output=True)
        context = tls_context(certificate)
        names = [f"agora-{b}" for b in args.backends.split(",")]
        servers = {}
        for name in names:
            port = free_port()
            procs.append(start([AGORA_BENCH, "serve", "--tls-port", str(port), "--tls-cert", certificate, "--tls-key", key,
                                "--backend", name.split("-", 1)[1], "--log-level", "info"],
                               os.path.join(work, f"{name}.log")))
            servers[name] = f"https://127.0.0.1:{port}"
        body = wait_http(servers[names[0]] + "/bench/static", context=context)
        www = static_site(work, {"bench/static": body, "healthz": b'{"status":"ok"}'})
        nginx_port = free_port()
        procs.append(start_nginx(work, nginx_port, www, tls=f"""    ssl_certificate {certificate};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers {TLS12_CIPHERS};
    ssl_prefer_server_ciphers on;
    ssl_ecdh_curve {GROUPS};
    ssl_session_tickets on;
    ssl_session_cache off;
"""))
        servers["nginx"] = f"https://127.0.0.1:{nginx_port}"
        wait_http(servers["nginx"] + "/healthz", context=context)
        for name in names:
            wait_http(servers[name] + "/healthz", context=context)
        time.sleep(0.5)

        order = ["nginx"] + names
        cells = [("/healthz keep-alive", "/healthz", False), ("12 KiB keep-alive", "/bench/static", False),
                 ("new handshakes", "/healthz", True)]
        load_before = load_average()
        results = {}
        for label, path, close in cells:
            for _ in range(args.rounds):
                # Interleave the servers within each round so drift in machine load hits all of them alike.
                for name in order:
                    r = run_wrk(servers[name] + path, args.connections, args.duration,
                                ["-H", "Connection: close"] if close else [])
                    results.setdefault((label, name), []).append(r)
                    print(f"{label:<20} {name:<15} {r['rps']:>10.0f} req/s  p50 {r['p50']:.2f} ms  "
                          f"p99 {r['p99']:.2f} ms {r['socket_errors']}", file=sys.stderr, flush=True)
        load_after = load_average()

        lines = [f"| c={args.connections} | server | req/s (median) | × nginx | p50 ms | p99 ms |",
                 "|---|---|---:|---:|---:|---:|"]
        for label, _, _ in cells:
            base = statistics.median(r["rps"] for r in results[(label, "nginx")])
            for name in order:
                rs = results[(label, name)]
                rps = statistics.median(r["rps"] for r in rs)
                bad = sum(r["non2xx"] for r in rs)
                note = f" ({bad} non-2xx)" if bad else ""
                lines.append(f"| {label} | {name} | {rps:,.0f}{note} | {rps / base:.2f} | "
                             f"{statistics.median(r['p50'] for r in rs):.2f} | {statistics.median(r['p99'] for r in rs):.2f} |")
        write_report(args.out, lines)
        print(f"\n(wrk {args.duration}s × {args.rounds} rounds per cell, interleaved; {os.cpu_count()} cores; "
              f"load average {load_before} before, {load_after} after; report in {args.out})")
    finally:
        stop(procs)
        shutil.rmtree(work, ignore_errors=True)

if __name__ == "__main__":
    main()
