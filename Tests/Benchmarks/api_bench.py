#!/usr/bin/env python3
"""API benchmark: the seed event list from agora against nginx serving the same bytes, same run, interleaved; and
durable registrations per second.

Release build. wrk at 64 connections (configurable) on:
  - GET /events?past=true            (both seed events, every language: the cached representation)
  - GET /events?past=true&lang=fr    (one language, Content-Language/Vary)
  - the same with If-None-Match      (304 from agora's ETag; nginx answers its own ETag with 304 too)
nginx (2 workers, access_log off) serves the identical bytes as static files. Then POST /events/{id}/registrations
with 64 concurrent connections, each request a new person (every 201 is fsynced before it is sent).

With --metrics-compare (issue #13): the same read routes against two agora servers started side by side from the
same build and seed, one with metrics (GET /metrics scraped every second meanwhile, as Prometheus would) and one with
--no-metrics, rounds interleaved; nothing else runs. The table gives both rates and their ratio.

With --reads-during-registrations (issue #16): reads of one event's page (`GET /events/{id}`, 64 connections) alone,
then while 16 more connections register for that same event (a new person per request), rounds interleaved; the
table gives both read rates, their ratio and the registration rate. Every registration moves the store's sequence;
a representation cache that died with it would render nearly every read again.

Usage: api_bench.py [--duration S] [--rounds N] [--connections C] [--metrics-compare | --reads-during-registrations]
"""
import argparse, json, os, shutil, statistics, sys, tempfile, threading, time, urllib.request

from bench_support import (AGORA, ROOT, free_port, require_tools, run_wrk, start, start_nginx, static_site, stop,
                           wait_http, write_report)

REGISTER_LUA = r"""
-- setup() runs in the main Lua state; thread:set() gives each thread its own `tid` global. (A `local` here would
-- shadow it: every thread would then send the same e-mails and get 409 alreadyRegistered.)
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local counter = 0
function request()
  counter = counter + 1
  local body = string.format('{"name":"Bench Person %d-%d","email":"bench-ROUND-%d-%d@example.org","language":"de","consent":true}', tid, counter, tid, counter)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
"""


def http(method, url, body=None, headers=None):
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def create_registration_event(base, token, programme=False):
    """An event open for registration, far in the future, with room for everyone: the QuattroPole seed event under
    another id (with its programme when `programme`, so its page is as large as a real one)."""
    seed = json.load(open(os.path.join(ROOT, "Config", "seed", "quattropole-2017.json")))
    event = seed["events"][0]
    event.update({"id": "bench-registrations", "startsAt": "2030-11-22T09:30:00+01:00",
                  "endsAt": "2030-11-22T17:00:00+01:00", "registration": {"kind": "required", "capacity": 100000000}})
    if programme:
        # The seed's slots are on its 2017 day: moved to the same times on the new day.
        for slot in event.get("programme", []):
            for key in ("startsAt", "endsAt"):
                if key in slot:
                    slot[key] = "2030-11-22" + slot[key][10:]
    else:
        event["programme"] = []
    status, _, body = http("POST", base + "/events", json.dumps(event).encode(),
                           {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    assert status == 201, (status, body)


def reads_during_registrations(args):
    require_tools("wrk")
    work = tempfile.mkdtemp(prefix="agora-apibench-rw-")
    procs = []
    try:
        token = "bench-admin-token-" + os.urandom(8).hex()
        port = free_port()
        agora = start([AGORA, "serve", "--port", str(port), "--data-dir", os.path.join(work, "data"),
                       "--registration-rate-per-minute", "0", "--log-level", "warning"],
                      os.path.join(work, "agora.log"), env=dict(os.environ, AGORA_ADMIN_TOKEN=token), cwd=ROOT)
        procs.append(agora)
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/readyz")
        create_registration_event(base, token, programme=True)
        page = f"{base}/events/bench-registrations"
        status, _, body = http("GET", page)
        assert status == 200, status
        print(f"GET /events/bench-registrations: {len(body)} bytes", file=sys.stderr)
        alone, during, writes, ratios = [], [], [], []
        for round_ in range(args.rounds):
            a = run_wrk(page, args.connections, args.duration)
            lua = os.path.join(work, f"register-{round_}.lua")
            with open(lua, "w") as f:
                f.write(REGISTER_LUA.replace("ROUND", str(round_)))
            writer = {}
            # The writers run a second longer on each side, so the whole read run overlaps registrations.
            thread = threading.Thread(target=lambda: writer.update(run_wrk(
                f"{base}/events/bench-registrations/registrations", args.writers, args.duration + 2, ["-s", lua])))
            thread.start()
            time.sleep(1)
            d = run_wrk(page, args.connections, args.duration)
            thread.join()
            alone.append(a); during.append(d); writes.append(writer); ratios.append(d["rps"] / a["rps"])
            print(f"round {round_ + 1}: reads alone {a['rps']:,.0f}/s, during registrations {d['rps']:,.0f}/s "
                  f"({d['rps'] / a['rps']:.0%}), registrations {writer['rps']:,.0f}/s non-2xx {writer['non2xx']}",
                  file=sys.stderr, flush=True)
        med = statistics.median
        lines = [f"| `GET /events/{{id}}` ({args.connections} connections) | reads alone req/s | reads during "
                 f"{args.writers} registering connections req/s | during / alone | registrations/s | non-2xx |",
                 "|---|---:|---:|---:|---:|---:|",
                 f"| median of {args.rounds} | {med(r['rps'] for r in alone):,.0f} | {med(r['rps'] for r in during):,.0f} "
                 f"| {med(ratios):.0%} | {med(w['rps'] for w in writes):,.0f} | "
                 f"{sum(r['non2xx'] for r in alone + during + writes)} |"]
        write_report(args.out, lines)
    finally:
        stop(procs, timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--out", default=None, help="report file (default .build/bench/api.md, "
                        "or .build/bench/api-metrics.md with --metrics-compare)")
    parser.add_argument("--metrics-compare", action="store_true",
                        help="read routes with metrics on (scraped every second) vs --no-metrics, same run")
    parser.add_argument("--reads-during-registrations", action="store_true",
                        help="an event page's reads alone vs while 16 connections register for it, same run")
    parser.add_argument("--writers", type=int, default=16, help="registering connections (--reads-during-registrations)")
    args = parser.parse_args()
    if args.out is None:
        name = "api-metrics.md" if args.metrics_compare else "api-reads-writes.md" if args.reads_during_registrations else "api.md"
        args.out = os.path.join(ROOT, ".build", "bench", name)
    if args.metrics_compare:
        return metrics_compare(args)
    if args.reads_during_registrations:
        return reads_during_registrations(args)
    require_tools("wrk", "nginx")
    work = tempfile.mkdtemp(prefix="agora-apibench-")
    os.chmod(work, 0o755)
    procs = []
    try:
        token = "bench-admin-token-" + os.urandom(8).hex()
        port, nginx_port = free_port(), free_port()
        env = dict(os.environ, AGORA_ADMIN_TOKEN=token)
        agora = start([AGORA, "serve", "--port", str(port), "--data-dir", os.path.join(work, "data"),
                       "--registration-rate-per-minute", "0", "--log-level", "info"],
                      os.path.join(work, "agora.log"), env=env, cwd=ROOT)
        procs.append(agora)
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/readyz")

        # The bytes nginx will serve: exactly agora's bodies.
        bodies, etags = {}, {}
        for name, path in (("all", "/events?past=true"), ("fr", "/events?past=true&lang=fr")):
            status, headers, body = http("GET", base + path)
            assert status == 200, (path, status)
            bodies[name + ".json"] = body
            etags[name] = headers["ETag"]
            print(f"{path}: {len(body)} bytes, ETag {headers['ETag']}", file=sys.stderr)
        procs.append(start_nginx(work, nginx_port, static_site(work, bodies)))
        nbase = f"http://127.0.0.1:{nginx_port}"
        wait_http(nbase + "/all.json")
        nginx_etags = {name: http("GET", f"{nbase}/{name}.json")[1]["ETag"] for name in ("all", "fr")}

        cells = [
            ("GET /events?past=true", f"{base}/events?past=true", [], f"{nbase}/all.json", []),
            ("GET /events?past=true&lang=fr", f"{base}/events?past=true&lang=fr", [], f"{nbase}/fr.json", []),
            ("same, If-None-Match → 304", f"{base}/events?past=true", ["-H", f"If-None-Match: {etags['all']}"],
             f"{nbase}/all.json", ["-H", f"If-None-Match: {nginx_etags['all']}"]),
        ]
        results = {}
        for label, aurl, aheaders, nurl, nheaders in cells:
            for _ in range(args.rounds):
                for server, url, extra in (("nginx", nurl, nheaders), ("agora", aurl, aheaders)):
                    r = run_wrk(url, args.connections, args.duration, extra)
                    results.setdefault((label, server), []).append(r)
                    print(f"{label:<32} {server:<6} {r['rps']:>10.0f} req/s p99 {r['p99']:.2f} ms", file=sys.stderr, flush=True)

        create_registration_event(base, token)
        registrations = []
        for round_ in range(args.rounds):
            # A new person per request across rounds too (the same e-mail twice is 409 alreadyRegistered).
            lua = os.path.join(work, f"register-{round_}.lua")
            with open(lua, "w") as f:
                f.write(REGISTER_LUA.replace("ROUND", str(round_)))
            r = run_wrk(f"{base}/events/bench-registrations/registrations", args.connections, args.duration,
                        ["-s", lua])
            registrations.append(r)
            print(f"POST registrations {r['rps']:>10.0f} /s p99 {r['p99']:.2f} ms non-2xx {r['non2xx']}", file=sys.stderr, flush=True)

        lines = [f"| route ({args.connections} connections) | nginx req/s | agora req/s | × nginx | agora p50 ms | agora p99 ms |",
                 "|---|---:|---:|---:|---:|---:|"]
        for label, *_ in cells:
            n = statistics.median(r["rps"] for r in results[(label, "nginx")])
            a = statistics.median(r["rps"] for r in results[(label, "agora")])
            p50 = statistics.median(r["p50"] for r in results[(label, "agora")])
            p99 = statistics.median(r["p99"] for r in results[(label, "agora")])
            lines.append(f"| {label} | {n:,.0f} | {a:,.0f} | {a / n:.2f} | {p50:.2f} | {p99:.2f} |")
        rps = statistics.median(r["rps"] for r in registrations)
        p99 = statistics.median(r["p99"] for r in registrations)
        bad = sum(r["non2xx"] for r in registrations)
        lines.append("")
        lines.append(f"Durable registrations (POST, {args.connections} connections, every 201 after fsync): "
                     f"{rps:,.0f}/s (median of {args.rounds}), p99 {p99:.2f} ms, non-2xx {bad}")
        write_report(args.out, lines)
    finally:
        stop(procs, timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def metrics_compare(args):
    """Read throughput with metrics recorded and scraped vs. with metrics off: two servers, interleaved rounds."""
    require_tools("wrk")
    work = tempfile.mkdtemp(prefix="agora-metricsbench-")
    procs = []
    stop_scraping = threading.Event()
    try:
        token = "bench-admin-token-" + os.urandom(8).hex()
        env = dict(os.environ, AGORA_ADMIN_TOKEN=token)
        bases = {}
        for name, extra in (("metrics on", []), ("metrics off", ["--no-metrics"])):
            port = free_port()
            procs.append(start([AGORA, "serve", "--port", str(port), "--data-dir", os.path.join(work, name.replace(" ", "-")),
                                "--log-level", "info"] + extra,
                               os.path.join(work, name.replace(" ", "-") + ".log"), env=env, cwd=ROOT))
            bases[name] = f"http://127.0.0.1:{port}"
            wait_http(bases[name] + "/readyz")
        # The "on" server serves its metrics; the "off" one has no such route (and records nothing).
        assert http("GET", bases["metrics on"] + "/metrics", headers={"Authorization": f"Bearer {token}"})[0] == 200
        try:
            http("GET", bases["metrics off"] + "/metrics", headers={"Authorization": f"Bearer {token}"})
            raise SystemExit("the --no-metrics server answered /metrics")
        except urllib.error.HTTPError as error:
            assert error.code == 404, error.code
        etag = http("GET", bases["metrics on"] + "/events?past=true")[1]["ETag"]

        def scrape():
            while not stop_scraping.wait(1.0):
                http("GET", bases["metrics on"] + "/metrics", headers={"Authorization": f"Bearer {token}"})
        threading.Thread(target=scrape, daemon=True).start()

        cells = [("GET /events?past=true", "/events?past=true", []),
                 ("GET /events?past=true&lang=fr", "/events?past=true&lang=fr", []),
                 ("same, If-None-Match → 304", "/events?past=true", ["-H", f"If-None-Match: {etag}"])]
        results = {}
        for label, path, extra in cells:
            for round_ in range(args.rounds):
                # Alternate which server goes first, so neither always runs on a warmer machine.
                order = ("metrics on", "metrics off") if round_ % 2 == 0 else ("metrics off", "metrics on")
                for name in order:
                    r = run_wrk(bases[name] + path, args.connections, args.duration, extra)
                    results.setdefault((label, name), []).append(r)
                    print(f"{label:<32} {name:<11} {r['rps']:>10.0f} req/s p99 {r['p99']:.2f} ms", file=sys.stderr, flush=True)
        lines = [f"| route ({args.connections} connections, median of {args.rounds}) | metrics on req/s | metrics off req/s "
                 f"| on / off | p99 on ms | p99 off ms |", "|---|---:|---:|---:|---:|---:|"]
        for label, *_ in cells:
            on = statistics.median(r["rps"] for r in results[(label, "metrics on")])
            off = statistics.median(r["rps"] for r in results[(label, "metrics off")])
            p99_on = statistics.median(r["p99"] for r in results[(label, "metrics on")])
            p99_off = statistics.median(r["p99"] for r in results[(label, "metrics off")])
            lines.append(f"| {label} | {on:,.0f} | {off:,.0f} | {on / off:.3f} | {p99_on:.2f} | {p99_off:.2f} |")
        write_report(args.out, lines)
    finally:
        stop_scraping.set()
        stop(procs, timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
