#!/usr/bin/env python3
"""Per-request costs that do not depend on the machine's load: user-space instructions (valgrind's callgrind) and
system calls (strace -c -f) per request, for the engine alone (`agora-bench serve`, /bench/static, plain and TLS)
and for the API's cached reads (`agora serve`, /events?past=true, &lang=fr and the 304).

Instructions: the server runs under callgrind twice, answering N and then 3N requests sent one after the other on
one keep-alive connection; the difference of the two totals divided by 2N is what one request costs, start-up and
shutdown cancelled out. The binary is a stripped copy (valgrind 3.19 cannot read Swift 6's debug information).
System calls: the server runs under `strace -c -f` for 3N requests spread over 8 keep-alive connections; each call's
count is divided by 3N (start-up and shutdown included, so the small counts are upper bounds). One loop (--loops 1)
so that one thread does all the work. wrk is not used: one client, so the figures do not depend on its CPU share.

Usage: engine_profile.py [--target engine,tls,api] [--requests N] [--skip-strace] [--skip-callgrind]
"""
import argparse, http.client, os, re, shutil, signal, ssl, subprocess, sys, tempfile, threading, time

from bench_support import AGORA, AGORA_BENCH, free_port, write_report, ROOT


def wait_ready(port, path, context=None, timeout=120):
    """Polls until the server answers (valgrind makes start-up slow)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            connection = connect(port, context)
            connection.request("GET", path)
            connection.getresponse().read()
            connection.close()
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"port {port} did not answer {path}")


def connect(port, context):
    if context:
        return http.client.HTTPSConnection("127.0.0.1", port, timeout=60, context=context)
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def send(port, requests, count, context=None, connections=1):
    """`count` requests cycling through `requests` [(path, headers, expected status)] over `connections`."""
    def client(share):
        connection = connect(port, context)
        for index in range(share):
            path, headers, status = requests[index % len(requests)]
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            assert response.status == status, (path, response.status)
        connection.close()
    threads = [threading.Thread(target=client, args=(count // connections,)) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def server_command(target, binary, port, work, certificate, key):
    if target == "api":
        return [binary, "serve", "--port", str(port), "--data-dir", os.path.join(work, f"data-{port}"),
                "--log-level", "info"]
    if target == "tls":
        return [binary, "serve", "--tls-port", str(port), "--tls-cert", certificate, "--tls-key", key, "--loops", "1",
                "--log-level", "info"]
    return [binary, "serve", "--port", str(port), "--loops", "1", "--log-level", "info"]


def run_under(wrapper, target, binary, work, requests, count, context, certificate, key, connections=1):
    port = free_port()
    log = open(os.path.join(work, f"server-{port}.log"), "w")
    env = dict(os.environ, AGORA_LOOPS="1")
    process = subprocess.Popen(wrapper + server_command(target, binary, port, work, certificate, key),
                               stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    try:
        wait_ready(port, requests[0][0], context)
        send(port, requests, count, context, connections)
    finally:
        # valgrind runs the server in its own process; strace runs it as a child, which must get the signal (strace
        # itself would only detach).
        targets = [process.pid]
        if wrapper[0] == "strace":
            targets = [int(pid) for pid in subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True,
                                                          text=True).stdout.split()] or targets
        for pid in targets:
            os.kill(pid, signal.SIGTERM)
        process.wait(timeout=120)


def instructions(target, binary, work, requests, count, context, certificate, key):
    totals = []
    for n in (count, 3 * count):
        out = os.path.join(work, f"callgrind-{n}.out")
        run_under(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"], target, binary, work, requests, n,
                  context, certificate, key)
        with open(out) as f:
            text = f.read()
        totals.append(int(re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M).group(1)))
    return (totals[1] - totals[0]) / (2 * count)


def syscalls(target, binary, work, requests, count, context, certificate, key):
    out = os.path.join(work, "strace.txt")
    run_under(["strace", "-c", "-f", "-o", out], target, binary, work, requests, 3 * count, context, certificate, key,
              connections=8)
    per_request = {}
    with open(out) as f:
        for line in f:
            fields = line.split()
            # % time, seconds, usecs/call, calls, [errors], syscall
            if len(fields) >= 5 and fields[0][0].isdigit() and fields[-1] != "total":
                per_request[fields[-1]] = int(fields[3]) / (3 * count)
    return per_request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--target", default="engine,tls,api")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--skip-strace", action="store_true")
    parser.add_argument("--skip-callgrind", action="store_true")
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "engine-profile.md"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="agora-profile-")
    lines = ["| target | requests | instructions / request | system calls / request (≥ 0.01) |", "|---|---|---:|---|"]
    try:
        certificate, key = os.path.join(work, "localhost.crt"), os.path.join(work, "localhost.key")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                        "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", key, "-out", certificate],
                       check=True, capture_output=True)
        context = ssl.create_default_context(cafile=certificate)
        context.check_hostname = False
        for target in args.target.split(","):
            source = AGORA if target == "api" else AGORA_BENCH
            binary = os.path.join(work, os.path.basename(source) + "-stripped")
            shutil.copy(source, binary)
            subprocess.run(["strip", binary], check=True)
            tls = context if target == "tls" else None
            if target == "api":
                # The cached representations' tag, for the 304.
                port = free_port()
                probe = subprocess.Popen(server_command("api", source, port, work, certificate, key),
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
                wait_ready(port, "/events?past=true")
                connection = connect(port, None)
                connection.request("GET", "/events?past=true")
                response = connection.getresponse()
                response.read()
                etag = response.getheader("ETag")
                probe.send_signal(signal.SIGTERM)
                probe.wait(timeout=60)
                cases = [("GET /events?past=true", [("/events?past=true", {}, 200)]),
                         ("GET /events?past=true&lang=fr", [("/events?past=true&lang=fr", {}, 200)]),
                         ("304", [("/events?past=true", {"If-None-Match": etag}, 304)])]
            else:
                cases = [("12 KiB" + (" over TLS" if tls else ""), [("/bench/static", {}, 200)])]
            for label, requests in cases:
                count = args.requests
                instr = "-" if args.skip_callgrind else f"{instructions(target, binary, work, requests, count, tls, certificate, key):,.0f}"
                calls = "-"
                if not args.skip_strace:
                    per = syscalls(target, binary, work, requests, count, tls, certificate, key)
                    calls = ", ".join(f"{name} {value:.2f}" for name, value in sorted(per.items(), key=lambda kv: -kv[1])
                                      if value >= 0.01)
                lines.append(f"| {label} | {count} then {3 * count} | {instr} | {calls} |")
                print(lines[-1], file=sys.stderr, flush=True)
        write_report(args.out, lines)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
