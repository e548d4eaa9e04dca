#!/usr/bin/env python3
"""Scraped for real (issue #13): Debian's Prometheus scrapes the real debug binary and the counters come back.

1. Starts .build/debug/agora on a free port with a seeded temporary data directory and a test admin token.
2. `promtool check metrics` must pass on the exposition (the linter Prometheus ships).
3. Starts `prometheus` with its own temporary config and storage: one job, scrape interval 1 s, the admin token as
   `authorization` credentials, on a free port.
4. Sends a known number of requests to a route template, then waits (polling the query API, never a fixed sleep)
   until Prometheus's own copy of the request counter shows them, and until it has scraped several times.
Both processes are stopped at the end; agora must exit 0 after its drain.

Usage: prometheus_check.py [--agora PATH] [--timeout S]
"""
import argparse, json, os, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.parse, urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REQUESTS = 7


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, headers=None, timeout=10):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def await_condition(what, check, timeout):
    """Polls `check` until it returns a true value (then returns it) or the deadline passes (then fails)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (OSError, ValueError) as error:
            last = error
        else:
            if last:
                return last
        time.sleep(0.2)
    raise SystemExit(f"FAIL: timed out waiting for {what} (last: {last!r})")


def query(prometheus, expression):
    """The instant-query result of Prometheus's HTTP API: the first sample's value, or None when empty."""
    status, _, body = fetch(f"http://127.0.0.1:{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expression}))
    answer = json.loads(body)
    if status != 200 or answer.get("status") != "success":
        raise ValueError(f"query {expression!r}: {status} {answer}")
    result = answer["data"]["result"]
    return float(result[0]["value"][1]) if result else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", default=os.path.join(ROOT, ".build", "debug", "agora"))
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    for tool in ("prometheus", "promtool"):
        if shutil.which(tool) is None:
            raise SystemExit(f"FAIL: {tool} is not installed (Debian package prometheus)")
    work = tempfile.mkdtemp(prefix="agora-prometheus-")
    token = "prometheus-check-" + os.urandom(12).hex()
    port, prometheus_port = free_port(), free_port()
    processes = []
    passed = 0
    try:
        agora_log = open(os.path.join(work, "agora.log"), "w")
        agora = subprocess.Popen([args.agora, "serve", "--port", str(port), "--data-dir", os.path.join(work, "data"),
                                  "--log-level", "warning"], cwd=ROOT, stdout=agora_log, stderr=subprocess.STDOUT,
                                 env=dict(os.environ, AGORA_ADMIN_TOKEN=token))
        processes.append(agora)
        auth = {"Authorization": "Bearer " + token}
        await_condition("agora to answer /readyz", lambda: fetch(f"http://127.0.0.1:{port}/readyz")[0] == 200, args.timeout)

        # The exposition passes Prometheus's own linter.
        status, headers, exposition = fetch(f"http://127.0.0.1:{port}/metrics", auth)
        assert status == 200, f"/metrics answered {status}: {exposition[:200]!r}"
        assert headers.get("Content-Type") == "text/plain; version=0.0.4; charset=utf-8", headers.get("Content-Type")
        lint = subprocess.run(["promtool", "check", "metrics"], input=exposition, capture_output=True)
        if lint.returncode != 0:
            raise SystemExit(f"FAIL: promtool check metrics: {lint.stdout.decode()}{lint.stderr.decode()}")
        print("ok: promtool check metrics passes on the exposition")
        passed += 1

        config = os.path.join(work, "prometheus.yml")
        with open(config, "w") as file:
            file.write(f"""global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: agora
    scrape_interval: 1s
    scrape_timeout: 1s
    metrics_path: /metrics
    authorization:
      type: Bearer
      credentials: {token}
    static_configs:
      - targets: ["127.0.0.1:{port}"]
""")
        check = subprocess.run(["promtool", "check", "config", config], capture_output=True)
        if check.returncode != 0:
            raise SystemExit(f"FAIL: promtool check config: {check.stdout.decode()}{check.stderr.decode()}")
        prometheus_log = open(os.path.join(work, "prometheus.log"), "w")
        prometheus = subprocess.Popen(["prometheus", f"--config.file={config}",
                                       f"--storage.tsdb.path={os.path.join(work, 'tsdb')}",
                                       f"--web.listen-address=127.0.0.1:{prometheus_port}"],
                                      cwd=work, stdout=prometheus_log, stderr=subprocess.STDOUT)
        processes.append(prometheus)
        await_condition("Prometheus to be ready",
                        lambda: fetch(f"http://127.0.0.1:{prometheus_port}/-/ready")[0] == 200, args.timeout)

        for _ in range(REQUESTS):
            status, _, _ = fetch(f"http://127.0.0.1:{port}/events/prometheus-check-no-such-event")
            assert status == 404, status
        series = ('sum(http_server_request_duration_seconds_count{job="agora",http_route="/events/{id}",'
                  'http_request_method="GET",http_response_status_code="404"})')
        await_condition(f"Prometheus to read back {REQUESTS} requests",
                        lambda: query(prometheus_port, series) == REQUESTS, args.timeout)
        print(f"ok: Prometheus's query API reads back the {REQUESTS} requests of /events/{{id}}")
        passed += 1

        # Several scrape intervals, every one of them successful (up == 1 each time).
        await_condition("three successful scrapes",
                        lambda: (query(prometheus_port, 'sum_over_time(up{job="agora"}[1m])') or 0) >= 3, args.timeout)
        scrapes = query(prometheus_port, 'count_over_time(up{job="agora"}[1m])')
        failed = query(prometheus_port, 'count_over_time(up{job="agora"}[1m]) - sum_over_time(up{job="agora"}[1m])')
        assert failed == 0, f"{failed} failed scrapes"
        assert query(prometheus_port, 'agora_build_info{job="agora"}') == 1
        print(f"ok: Prometheus scraped the server {scrapes:.0f} times, none failed")
        passed += 1
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        codes = []
        for process in reversed(processes):
            try:
                codes.append(process.wait(timeout=20))
            except subprocess.TimeoutExpired:
                process.kill()
                codes.append("killed")
        if processes and codes[-1] != 0:
            print(f"FAIL: agora exited {codes[-1]}; log:\n" + open(os.path.join(work, "agora.log")).read())
            sys.exit(1)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{passed} passed, 0 failed")


if __name__ == "__main__":
    main()
