#!/usr/bin/env python3
"""make proxy-test: the nginx and HAProxy configurations of Docs/operations.md ("Behind a proxy"), run as written.

Each configuration is extracted from the page (its ```nginx / ```haproxy block) and only its ports are changed
(every replacement must match exactly once, so an edit of the page that the test no longer follows fails here
instead of drifting). Debian's nginx and HAProxy run on free ports in temp directories in front of two real debug
binaries (`--trusted-proxies 127.0.0.1 --drain-delay 5`, as the page starts them). The client talks from 127.0.0.2,
so the proxy (127.0.0.1) and the client are told apart. For each proxy:

1. the health check: `/readyz` through the proxy is 200;
2. the access log of an instance shows the forwarded client (127.0.0.2), with the proxy as `peer`;
3. the rate limiter counts the forwarded client: 127.0.0.2 meets a 429 within four registrations (burst 1 on each
   of the two instances), while 127.0.0.3 is still served;
4. `ETag` revalidation: `If-None-Match` with the tag through the proxy is 304;
5. a drain under steady load: 8 keep-alive clients through the proxy, SIGTERM to one instance, load until it has
   exited and beyond; every request answered 200 — the figures (sent, failed) are printed.

Exit status 0 when everything held. Usage: proxy_check.py [--agora .build/debug/agora]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOC = os.path.join(ROOT, "Docs", "operations.md")
TOKEN = "proxy-check-admin-token-0123456789abcdef"
CLIENT = "127.0.0.2"
OTHER_CLIENT = "127.0.0.3"
failures = []


def check(condition, what):
    print(("  ok   " if condition else "  FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)
    return condition


def documented_block(language):
    """The one fenced block of `language` in Docs/operations.md."""
    text = open(DOC, encoding="utf-8").read()
    blocks = re.findall(r"^```" + language + r"\n(.*?)^```$", text, flags=re.S | re.M)
    if len(blocks) != 1:
        sys.exit(f"Docs/operations.md must hold exactly one ```{language} block, found {len(blocks)}")
    return blocks[0]


def substitute(text, replacements):
    """Each (old, new) must occur exactly once: the test changes nothing of the page's configuration but ports."""
    for old, new in replacements:
        count = text.count(old)
        if count != 1:
            sys.exit(f"the documented configuration must contain {old!r} exactly once (found {count})")
        text = text.replace(old, new)
    return text


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    print(f"  timed out waiting for {what}", flush=True)
    return False


def request(port, method, path, headers=None, body=None, source=CLIENT, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        # The headers as http.client's message: names compared case-insensitively (HAProxy sends them lowercased).
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Instance:
    """One `agora serve`, as Docs/operations.md starts it behind a proxy."""

    def __init__(self, agora, work, name):
        self.port = free_port()
        self.log_path = os.path.join(work, f"{name}.log")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [agora, "serve", "--port", str(self.port), "--data-dir", os.path.join(work, f"{name}-data"),
             "--trusted-proxies", "127.0.0.1", "--drain-delay", "5",
             "--registration-rate-per-minute", "1", "--registration-rate-burst", "1"],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, env={**os.environ, "AGORA_ADMIN_TOKEN": TOKEN})
        if not wait_for(lambda: '"msg":"listening"' in self.text(), 30, f"{name} to listen"):
            sys.exit(f"{name} did not start: {self.text()[-2000:]}")
        # An event open for registration on this instance (the instances share nothing).
        status, _, body = request(self.port, "POST", "/events", source="127.0.0.1", body=json.dumps({
            "id": "proxied", "title": {"fr": "Derrière un proxy"}, "startsAt": "2099-06-15T09:00:00+02:00",
            "timeZone": "Europe/Luxembourg", "defaultLanguage": "fr", "registration": {"kind": "required"}}),
            headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
        if status != 201:
            sys.exit(f"{name}: creating the event answered {status}: {body[:300]}")

    def text(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def request_lines(self):
        lines = []
        for line in self.text().splitlines():
            if '"msg":"request"' in line:
                try:
                    lines.append(json.loads(line))
                except ValueError:
                    pass
        return lines

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def start_nginx(work, port, a, b):
    site = substitute(documented_block("nginx"), [
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("server 127.0.0.1:8081 ", f"server 127.0.0.1:{a.port} "),
        ("server 127.0.0.1:8082 ", f"server 127.0.0.1:{b.port} "),
    ])
    with open(os.path.join(work, "agora.conf"), "w") as f:
        f.write(site)
    # What Debian's /etc/nginx/nginx.conf provides around conf.d, with every path in the temp directory.
    conf = os.path.join(work, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/client-body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    include {work}/agora.conf;
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    tested = subprocess.run([nginx, "-t", "-q", "-c", conf], capture_output=True, text=True)
    if tested.returncode != 0:
        sys.exit(f"nginx -t refused the documented configuration: {tested.stderr}")
    return subprocess.Popen([nginx, "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_haproxy(work, port, a, b):
    text = substitute(documented_block("haproxy"), [
        ("bind :80", f"bind 127.0.0.1:{port}"),
        ("server a 127.0.0.1:8081 ", f"server a 127.0.0.1:{a.port} "),
        ("server b 127.0.0.1:8082 ", f"server b 127.0.0.1:{b.port} "),
    ])
    conf = os.path.join(work, "haproxy.cfg")
    with open(conf, "w") as f:
        f.write(text)
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    tested = subprocess.run([haproxy, "-c", "-q", "-f", conf], capture_output=True, text=True)
    if tested.returncode != 0:
        sys.exit(f"haproxy -c refused the documented configuration: {tested.stdout}{tested.stderr}")
    return subprocess.Popen([haproxy, "-db", "-f", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class SteadyLoad:
    """Keep-alive clients from 127.0.0.2 sending GET /events through the proxy one after another."""

    def __init__(self, port, clients=8):
        self.port = port
        self.sent = 0
        self.failed = 0
        self.examples = []
        self.lock = threading.Lock()
        self.running = True
        self.threads = [threading.Thread(target=self.client, daemon=True) for _ in range(clients)]

    def start(self):
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=30)

    def client(self):
        connection = None
        while self.running:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10,
                                                        source_address=(CLIENT, 0))
            outcome = None
            try:
                connection.request("GET", "/events")
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    outcome = f"status {response.status}"
                if response.will_close:
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                outcome = f"{type(error).__name__}: {error}"
                connection.close()
                connection = None
            with self.lock:
                self.sent += 1
                if outcome:
                    self.failed += 1
                    if len(self.examples) < 5:
                        self.examples.append(outcome)
        if connection is not None:
            connection.close()


def exercise(name, start_proxy, agora, results):
    print(f"{name}:", flush=True)
    with tempfile.TemporaryDirectory(prefix=f"agora-proxy-{name}-") as work:
        a = Instance(agora, work, "a")
        b = Instance(agora, work, "b")
        port = free_port()
        proxy = start_proxy(work, port, a, b)
        try:
            def ready():
                try:
                    return request(port, "GET", "/readyz", timeout=2)[0] == 200
                except OSError:
                    return False
            check(wait_for(ready, 15, f"{name} to answer"), "health check: /readyz through the proxy is 200")

            marker = f"proxy-check-{name}"
            status, _, _ = request(port, "GET", "/events", headers={"X-Request-Id": marker})
            def logged():
                return [line for instance in (a, b) for line in instance.request_lines() if line.get("requestId") == marker]
            wait_for(lambda: logged(), 5, "the access-log line")
            lines = logged()
            check(status == 200 and len(lines) == 1 and lines[0].get("client") == CLIENT
                  and str(lines[0].get("peer", "")).startswith("127.0.0.1:"),
                  f"access log: client {CLIENT}, peer the proxy ({lines[0] if lines else 'no line'})")

            def register(source, index):
                return request(port, "POST", "/events/proxied/registrations", source=source,
                               headers={"Content-Type": "application/json"},
                               body=json.dumps({"name": "P", "email": f"p{index}-{source}@example.lu", "consent": True}))[0]
            statuses = [register(CLIENT, index) for index in range(4)]
            other = register(OTHER_CLIENT, 9)
            check(statuses[0] == 201 and 429 in statuses and other == 201,
                  f"rate limiter: {CLIENT} got {statuses}, {OTHER_CLIENT} then got {other}")

            status, headers, _ = request(port, "GET", "/events")
            etag = headers.get("ETag")
            revalidated = request(port, "GET", "/events", headers={"If-None-Match": etag or '"none"'})
            again = request(port, "GET", "/events", headers={"If-None-Match": etag or '"none"'})
            check(status == 200 and etag is not None and revalidated[0] == 304 and again[0] == 304
                  and revalidated[1].get("ETag") == etag, f"ETag revalidation through the proxy: 304 ({etag})")

            load = SteadyLoad(port)
            load.start()
            time.sleep(1.0)   # steady load before the signal: what is measured is the drain, not the start
            a.process.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            exited = wait_for(lambda: a.process.poll() is not None, 30, "the draining instance to exit")
            drain_seconds = time.monotonic() - signalled
            time.sleep(1.0)   # and on after it is gone: the other instance carries everything
            load.stop()
            check(exited and a.process.returncode == 0, f"the drained instance exited 0 after {drain_seconds:.1f} s")
            check(load.failed == 0, f"drain under load: {load.sent} requests sent, {load.failed} failed"
                  + (f" ({load.examples})" if load.examples else ""))
            results.append((name, load.sent, load.failed))
        finally:
            proxy.terminate()
            try:
                proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proxy.kill()
            a.stop()
            b.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", default=os.path.join(ROOT, ".build", "debug", "agora"))
    arguments = parser.parse_args()
    if not os.path.exists(arguments.agora):
        sys.exit(f"{arguments.agora} missing: build it first (swift build)")
    results = []
    exercise("nginx", start_nginx, arguments.agora, results)
    exercise("haproxy", start_haproxy, arguments.agora, results)
    print("drain through the proxy (requests sent, failed):", flush=True)
    for name, sent, failed in results:
        print(f"  {name}: {sent} sent, {failed} failed")
    if failures:
        print(f"{len(failures)} check(s) failed", flush=True)
        sys.exit(1)
    print("all proxy checks passed")


if __name__ == "__main__":
    main()
