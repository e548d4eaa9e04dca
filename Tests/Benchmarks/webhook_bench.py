"""Webhooks' cost (issue #12), against the release agora:

(a) delivery latency: from the acknowledgement of an admin write (POST /partners answered 201, its change already
    durable in the outbox) to its arrival at a local receiver (loopback, allowed by webhookAllowedHosts), one write
    at a time so each is measured unloaded; p50/p99 over --samples. A delivery may start before the 201 is read,
    so the smallest figures can be negative: they are reported as measured.
(b) the durable write rate at --connections (wrk): registrations/s (they make no public change) and partner
    writes/s (each one message), with one enabled subscription vs none — the same server, the subscription
    created and deleted (a disabled one is still queued for), rounds interleaved and their order alternated so
    neither side always runs on a warmer machine.

    python3 Tests/Benchmarks/webhook_bench.py [--samples 500] [--rounds 3] [--duration 5] [--agora PATH]
"""
import argparse, http.server, json, os, shutil, statistics, sys, tempfile, threading, time, urllib.request

from bench_support import AGORA, ROOT, free_port, run_wrk, start, stop, wait_http, write_report

TOKEN = "webhook-bench-admin-token"

WRK_LUA = r"""
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local counter = 0
function request()
  counter = counter + 1
  local body = string.format(BODY, tid, counter, tid, counter)
  return wrk.format("POST", nil, HEADERS, body)
end
"""
REGISTRATION = ("'{\"name\":\"Bench Person %d-%d\",\"email\":\"bench-ROUND-%d-%d@example.org\",\"language\":\"de\",\"consent\":true}'",
                '{["Content-Type"] = "application/json"}')
PARTNER = ("'{\"name\":\"Bench Partner ROUND %d-%d\",\"kind\":\"association\"}'",
           '{["Content-Type"] = "application/json", ["Authorization"] = "Bearer ' + TOKEN + '"}')


class Receiver:
    """Answers 204 to every POST and notes when each payload's entity arrived (time.monotonic, as the writer's)."""

    def __init__(self):
        self.arrivals, self.count, self.condition = {}, 0, threading.Condition()
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                arrived = time.monotonic()
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()
                entity = json.loads(body)["entity"]["id"]
                with receiver.condition:
                    receiver.arrivals.setdefault(entity, arrived)
                    receiver.count += 1
                    receiver.condition.notify_all()

            def log_message(self, *_):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def arrival(self, entity, timeout=30):
        with self.condition:
            if not self.condition.wait_for(lambda: entity in self.arrivals, timeout):
                raise RuntimeError(f"no delivery for {entity} within {timeout} s")
            return self.arrivals[entity]


def call(method, url, body=None, content_type="application/json", token=TOKEN):
    headers = {"Content-Type": content_type, "Authorization": f"Bearer {token}"}
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,
                                     method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return response.status, json.loads(raw) if raw else None


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=500, help="deliveries timed for (a)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of (b), each with and without the subscription")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--agora", default=AGORA, help="the binary (default the release build)")
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "webhooks.md"))
    args = parser.parse_args()
    # Not bench_support.require_tools: that wants the release agora-bench too, and --agora may name a debug build.
    if shutil.which("wrk") is None:
        sys.exit("wrk missing: run 'make bench' (it installs wrk from Debian's packages)")
    if not os.path.exists(args.agora):
        sys.exit(f"{args.agora} missing: run 'swift build -c release' (or 'make bench')")
    work = tempfile.mkdtemp(prefix="agora-webhook-bench-")
    receiver = Receiver()
    procs = []
    try:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        procs.append(start([args.agora, "serve", "--host", "127.0.0.1", "--port", str(port),
                            "--data-dir", os.path.join(work, "data"), "--registration-rate-per-minute", "0",
                            "--webhook-allowed-hosts", "127.0.0.1", "--log-level", "warning"],
                           os.path.join(work, "agora.log"), env=dict(os.environ, AGORA_ADMIN_TOKEN=TOKEN)))
        wait_http(base + "/readyz", timeout=60)
        _, hook = call("POST", base + "/webhooks", {"url": f"http://127.0.0.1:{receiver.port}/hook",
                                                    "types": ["partner.created"]})

        # (a) Latency, one write at a time: acknowledgement to arrival.
        latencies = []
        for index in range(args.samples):
            _, partner = call("POST", base + "/partners", {"name": f"Latency Partner {index}", "kind": "association"})
            acknowledged = time.monotonic()
            latencies.append((receiver.arrival(partner["id"]) - acknowledged) * 1000)
        print(f"delivery latency p50 {percentile(latencies, 0.5):.2f} ms p99 {percentile(latencies, 0.99):.2f} ms",
              file=sys.stderr, flush=True)

        # (b) Write rates, with the subscription enabled and disabled in turn.
        seed = json.load(open(os.path.join(ROOT, "Config", "seed", "quattropole-2017.json")))
        event = seed["events"][0]
        event.update({"id": "bench-registrations", "startsAt": "2030-11-22T09:30:00+01:00",
                      "endsAt": "2030-11-22T17:00:00+01:00", "programme": [],
                      "registration": {"kind": "required", "capacity": 100000000}})
        call("POST", base + "/events", event)
        rates = {}
        for round_ in range(args.rounds):
            for enabled in ((True, False) if round_ % 2 == 0 else (False, True)):
                # A disabled subscription is still queued for (Docs/webhooks.md): "none" is no subscription at all.
                if enabled and hook is None:
                    _, hook = call("POST", base + "/webhooks", {"url": f"http://127.0.0.1:{receiver.port}/hook",
                                                                "types": ["partner.created"]})
                elif not enabled and hook is not None:
                    call("DELETE", f"{base}/webhooks/{hook['id']}")
                    hook = None
                side = "one enabled subscription" if enabled else "no enabled subscription"
                for label, (body, headers), path in (("registrations", REGISTRATION, "/events/bench-registrations/registrations"),
                                                     ("partner writes", PARTNER, "/partners")):
                    lua = os.path.join(work, f"{label[:4]}-{round_}-{enabled}.lua")
                    tag = f"{round_}{'e' if enabled else 'd'}"
                    with open(lua, "w") as f:
                        f.write(WRK_LUA.replace("BODY", body.replace("ROUND", tag)).replace("HEADERS", headers))
                    r = run_wrk(base + path, args.connections, args.duration, ["-s", lua])
                    rates.setdefault((label, side), []).append(r)
                    print(f"round {round_} {side:<25} {label:<15} {r['rps']:>9.0f}/s p99 {r['p99']:.2f} ms "
                          f"non-2xx {r['non2xx']}", file=sys.stderr, flush=True)

        lines = [f"Webhook delivery latency, admin write's 201 to a loopback receiver ({args.samples} writes, one at a "
                 f"time): p50 {percentile(latencies, 0.5):.2f} ms, p99 {percentile(latencies, 0.99):.2f} ms", "",
                 f"| durable writes ({args.connections} connections, median of {args.rounds}) | none enabled /s | "
                 "one enabled /s | ratio | p99 ms none | p99 ms one | non-2xx |", "|---|---:|---:|---:|---:|---:|---:|"]
        for label in ("registrations", "partner writes"):
            off, on = rates[(label, "no enabled subscription")], rates[(label, "one enabled subscription")]
            off_rps, on_rps = statistics.median(r["rps"] for r in off), statistics.median(r["rps"] for r in on)
            lines.append(f"| {label} | {off_rps:,.0f} | {on_rps:,.0f} | {on_rps / off_rps:.2f} | "
                         f"{statistics.median(r['p99'] for r in off):.2f} | {statistics.median(r['p99'] for r in on):.2f} | "
                         f"{sum(r['non2xx'] for r in off + on)} |")
        write_report(args.out, lines)
    finally:
        stop(procs, timeout=30)
        receiver.server.shutdown()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
