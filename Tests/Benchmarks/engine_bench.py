#!/usr/bin/env python3
"""Engine benchmark: agora (epoll and Dispatch backends) against nginx serving the same bytes, same run, interleaved.

Release build; wrk on 127.0.0.1 at 1, 64 and 256 connections against /healthz and a fixed ~12 KiB JSON body.
nginx runs with its own config on another port, access_log off, 2 workers. agora logs every request (buffered JSON
lines to a file, as in production). Prints req/s, p50/p99 latency and the ratio to nginx as a Markdown table, and
idle RSS of each server.

Usage: engine_bench.py [--duration S] [--rounds N] [--out FILE]
"""
import argparse, os, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AGORA = os.path.join(ROOT, ".build", "release", "agora")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1) as r:
                return r.read()
        except Exception:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def rss_kib(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def parse_latency(text):
    value, unit = float(text[:-2] if text.endswith(("us", "ms")) else text[:-1]), text[-2:] if text.endswith(("us", "ms")) else text[-1:]
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk(url, connections, duration):
    threads = min(2, connections)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_latency(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_latency(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1) if socket_errors else ""}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", default="1,64,256")
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "engine.md"))
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not os.path.exists("/usr/sbin/nginx"):
            sys.exit(f"{tool} missing: run 'make bench' (it installs wrk and nginx from Debian's packages)")
    work = tempfile.mkdtemp(prefix="agora-bench-")
    os.chmod(work, 0o755)   # nginx workers run unprivileged and must reach the document root
    procs = []
    try:
        ports = {"agora-epoll": free_port(), "agora-dispatch": free_port(), "nginx": free_port()}
        servers = {}
        for name, backend in (("agora-epoll", "epoll"), ("agora-dispatch", "dispatch")):
            log = open(os.path.join(work, f"{name}.log"), "w")
            p = subprocess.Popen([AGORA, "serve", "--port", str(ports[name]), "--backend", backend, "--bench-routes",
                                  "--data-dir", os.path.join(work, name), "--log-level", "info"],
                                 stdout=log, stderr=subprocess.STDOUT)
            procs.append(p)
            servers[name] = {"pids": [p.pid], "base": f"http://127.0.0.1:{ports[name]}"}
        www = os.path.join(work, "www")
        os.makedirs(os.path.join(www, "bench"))
        body = wait_http(servers["agora-epoll"]["base"] + "/bench/static")
        wait_http(servers["agora-dispatch"]["base"] + "/healthz")
        with open(os.path.join(www, "bench", "static"), "wb") as f:
            f.write(body)
        with open(os.path.join(www, "healthz"), "wb") as f:
            f.write(b'{"status":"ok"}')
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
    listen 127.0.0.1:{ports['nginx']};
    root {www};
    location / {{ default_type application/json; }}
  }}
}}
""")
        nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
        ng = subprocess.Popen([nginx_bin, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        procs.append(ng)
        servers["nginx"] = {"pids": [], "base": f"http://127.0.0.1:{ports['nginx']}"}
        wait_http(servers["nginx"]["base"] + "/healthz")
        time.sleep(0.5)
        children = subprocess.run(["pgrep", "-P", str(ng.pid)], capture_output=True, text=True).stdout.split()
        servers["nginx"]["pids"] = [ng.pid] + [int(c) for c in children]
        idle = {name: rss_kib(s["pids"]) for name, s in servers.items()}

        routes = [("/healthz", "/healthz"), ("12 KiB JSON", "/bench/static")]
        results = {}
        for connections in [int(c) for c in args.connections.split(",")]:
            for label, path in routes:
                for round_ in range(args.rounds):
                    # Interleave the servers within each round so drift in machine load hits all of them alike.
                    for name in ("nginx", "agora-epoll", "agora-dispatch"):
                        r = run_wrk(servers[name]["base"] + path, connections, args.duration)
                        results.setdefault((connections, label, name), []).append(r)
                        print(f"c={connections:<4} {label:<12} {name:<15} {r['rps']:>10.0f} req/s  p50 {r['p50']:.2f} ms  p99 {r['p99']:.2f} ms",
                              file=sys.stderr, flush=True)
        loaded = {name: rss_kib(s["pids"]) for name, s in servers.items()}

        lines = ["| conns | route | server | req/s (median) | × nginx | p50 ms | p99 ms |",
                 "|---:|---|---|---:|---:|---:|---:|"]
        for connections in [int(c) for c in args.connections.split(",")]:
            for label, _ in routes:
                base = statistics.median(r["rps"] for r in results[(connections, label, "nginx")])
                for name in ("nginx", "agora-epoll", "agora-dispatch"):
                    rs = results[(connections, label, name)]
                    rps = statistics.median(r["rps"] for r in rs)
                    p50 = statistics.median(r["p50"] for r in rs)
                    p99 = statistics.median(r["p99"] for r in rs)
                    bad = sum(r["non2xx"] for r in rs)
                    note = f" ({bad} non-2xx)" if bad else ""
                    lines.append(f"| {connections} | {label} | {name} | {rps:,.0f}{note} | {rps / base:.2f} | {p50:.2f} | {p99:.2f} |")
        lines.append("")
        lines.append("| server | idle RSS | RSS after load |")
        lines.append("|---|---:|---:|")
        for name in ("nginx", "agora-epoll", "agora-dispatch"):
            lines.append(f"| {name} | {idle[name] / 1024:.1f} MiB | {loaded[name] / 1024:.1f} MiB |")
        report = "\n".join(lines)
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        with open(args.out, "w") as f:
            f.write(report + "\n")
        print(report)
        print(f"\n(wrk {args.duration}s × {args.rounds} rounds per cell, interleaved; {os.cpu_count()} cores; report in {args.out})")
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
