#!/usr/bin/env python3
"""HTTPS benchmark: agora's TLS listener against nginx with the same certificate and TLS policy, same run, interleaved.

Release build; a self-signed P-256 certificate made with the openssl command; both servers offer TLS 1.2-1.3 with the
same TLS 1.2 cipher list, groups X25519:P-256:P-384, server cipher order, session tickets and no session cache.
Measured with wrk over HTTPS:
  - keep-alive at 64 connections on /healthz and the ~12 KiB JSON route (`--bench-routes`), and
  - new handshakes per second: wrk with `Connection: close`, so every request is a fresh TCP connection and a full
    TLS handshake (wrk does not resume sessions), at 64 connections.
wrk negotiates TLS 1.3 (X25519, TLS_AES_256_GCM_SHA384 with OpenSSL 3.0 defaults). nginx: access_log off, 2 workers;
agora logs every request (buffered JSON lines to a file, as in production). Prints req/s, p50/p99 and the ratio to
nginx as a Markdown table, with the load average before and after (the machine should be quiet).

Usage: tls_bench.py [--duration S] [--rounds N] [--connections N] [--backends epoll,dispatch] [--out FILE]
"""
import argparse, os, re, shutil, signal, socket, ssl, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AGORA = os.path.join(ROOT, ".build", "release", "agora")
# Agora's policy (Sources/TLSTransport/TLSContext+Policy.swift), given to nginx so both negotiate the same.
TLS12_CIPHERS = ("ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                 "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305")
GROUPS = "X25519:prime256v1:secp384r1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_https(url, certificate, timeout=20):
    context = ssl.create_default_context(cafile=certificate)
    context.check_hostname = False  # the certificate names localhost; we connect to 127.0.0.1
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1, context=context) as r:
                return r.read()
        except Exception:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def parse_latency(text):
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * scale
    return float(text)


def run_wrk(url, connections, duration, close=False):
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if close:
        command += ["-H", "Connection: close"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_latency(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_latency(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1).strip() if socket_errors else ""}


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--backends", default="epoll")
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "tls.md"))
    args = parser.parse_args()
    for tool in ("wrk", "openssl"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} missing: run 'make bench' (it installs wrk and nginx from Debian's packages)")
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx_bin):
        sys.exit("nginx missing: run 'make bench'")
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
        names = [f"agora-{b}" for b in args.backends.split(",")]
        servers = {}
        for name in names:
            port = free_port()
            log = open(os.path.join(work, f"{name}.log"), "w")
            p = subprocess.Popen([AGORA, "serve", "--no-plain-http", "--tls-port", str(port), "--tls-cert", certificate,
                                  "--tls-key", key, "--backend", name.split("-", 1)[1], "--bench-routes",
                                  "--data-dir", os.path.join(work, name), "--log-level", "info"],
                                 stdout=log, stderr=subprocess.STDOUT)
            procs.append(p)
            servers[name] = f"https://127.0.0.1:{port}"
        body = wait_https(servers[names[0]] + "/bench/static", certificate)
        www = os.path.join(work, "www")
        os.makedirs(os.path.join(www, "bench"))
        with open(os.path.join(www, "bench", "static"), "wb") as f:
            f.write(body)
        with open(os.path.join(www, "healthz"), "wb") as f:
            f.write(b'{"status":"ok"}')
        nginx_port = free_port()
        conf = os.path.join(work, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""worker_processes 2;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{nginx_port} ssl;
    ssl_certificate {certificate};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers {TLS12_CIPHERS};
    ssl_prefer_server_ciphers on;
    ssl_ecdh_curve {GROUPS};
    ssl_session_tickets on;
    ssl_session_cache off;
    root {www};
    location / {{ default_type application/json; }}
  }}
}}
""")
        procs.append(subprocess.Popen([nginx_bin, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        servers["nginx"] = f"https://127.0.0.1:{nginx_port}"
        wait_https(servers["nginx"] + "/healthz", certificate)
        for name in names:
            wait_https(servers[name] + "/healthz", certificate)
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
                    r = run_wrk(servers[name] + path, args.connections, args.duration, close)
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
        report = "\n".join(lines)
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        with open(args.out, "w") as f:
            f.write(report + "\n")
        print(report)
        print(f"\n(wrk {args.duration}s × {args.rounds} rounds per cell, interleaved; {os.cpu_count()} cores; "
              f"load average {load_before} before, {load_after} after; report in {args.out})")
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
