#!/usr/bin/env python3
"""PostgreSQL as the shared command log (issue #15), in one run:
- reads/s of the cached `GET /events?past=true` (wrk, --connections) on the JSON data directory and on a PostgreSQL
  instance: the same, since every instance serves reads from memory;
- durable registrations/s at --connections (wrk) on (a) the JSON data directory, (b) PostgreSQL with one instance,
  (c) PostgreSQL with two instances on one database (half the connections on each, the rates added);
- the follower lag (a registration's 201 on one instance to its GET 200 on the other, --samples writes one at a
  time, p50/p99);
- the start-up time of a NEW instance on a database of --registrations (default 1 000 000) registrations, from
  spawn to /readyz 200, and its peak RSS, from the latest snapshot plus rows and from rows alone (pg_startup.py;
  --skip-startup leaves it out, --startup-only runs only it; --startup-before AGORA starts that binary too, in
  turn with --agora in every round on the same databases, for a before/after in one run).
Release build. The PostgreSQL server is one of the script's own (initdb + pg_ctl in a temporary directory, as the
postgres user when run as root) with synchronous_commit = on and fsync = on: acknowledged means durable, as in
production; the settings in force are in the report. Report: .build/bench/postgres.md (or --out)."""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, threading, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_support import AGORA, AGORA_BENCH, ROOT, free_port, run_wrk, start, stop, wait_http, write_report
from webhook_bench import REGISTRATION, WRK_LUA
import pg_startup

TOKEN = "pg-bench-admin-token"


def pg_binaries():
    majors = sorted(int(name) for name in os.listdir("/usr/lib/postgresql") if name.isdigit())
    return f"/usr/lib/postgresql/{majors[-1]}/bin"


class Cluster:
    def __init__(self, work, shared_buffers):
        self.directory = os.path.join(work, "pg")
        os.makedirs(self.directory)
        self.port = free_port()
        self.as_postgres = os.getuid() == 0
        if self.as_postgres:
            shutil.chown(self.directory, "postgres", "postgres")
        self.run("initdb", "-D", self.directory + "/data", "-U", "agora", "-A", "trust", "-E", "UTF8", "--locale=C")
        settings = (f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c synchronous_commit=on "
                    f"-c fsync=on -c shared_buffers={shared_buffers} -c max_connections=50")
        self.run("pg_ctl", "-D", self.directory + "/data", "-l", self.directory + "/server.log", "-o", settings, "-w", "start")

    def run(self, tool, *args):
        argv = [os.path.join(pg_binaries(), tool), *args]
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def database(self, name):
        subprocess.run(["psql", "-X", "-q", "-d", f"postgresql://agora@127.0.0.1:{self.port}/postgres", "-c",
                        f"CREATE DATABASE {name}"], check=True)
        return f"postgresql://agora@127.0.0.1:{self.port}/{name}"

    def settings(self):
        """The server's own settings that the figures depend on, as it reports them."""
        url = f"postgresql://agora@127.0.0.1:{self.port}/postgres"
        names = ("server_version", "synchronous_commit", "fsync", "full_page_writes", "shared_buffers", "wal_level")
        values = [subprocess.run(["psql", "-X", "-q", "-A", "-t", "-d", url, "-c", f"SHOW {name}"], check=True,
                                 capture_output=True, text=True).stdout.strip() for name in names]
        return ", ".join(f"{name} = {value}" for name, value in zip(names, values))

    def stop(self):
        self.run("pg_ctl", "-D", self.directory + "/data", "-m", "fast", "-w", "stop")


def call(method, url, body=None, token=TOKEN):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"Bearer {token}",
                                                                             "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def serve(agora, work, name, store, procs):
    port = free_port()
    argv = [agora, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", os.path.join(work, name),
            "--registration-rate-per-minute", "0", "--log-level", "warning"]
    if store:
        argv += ["--store", store]
    procs.append(start(argv, os.path.join(work, name + ".log"), env=dict(os.environ, AGORA_ADMIN_TOKEN=TOKEN)))
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/readyz", timeout=120)
    return base


def create_event(base):
    event = {"id": "bench-registrations", "title": {"fr": "Bench"}, "startsAt": "2030-11-22T09:30:00+01:00",
             "endsAt": "2030-11-22T17:00:00+01:00", "timeZone": "Europe/Luxembourg", "defaultLanguage": "fr",
             "registration": {"kind": "required", "capacity": 100000000}}
    status, _ = call("POST", base + "/events", event)
    assert status == 201, status


def rate(work, bases, connections, duration, tag):
    """wrk on every base at once, connections split between them; the summed rate and the worst p99."""
    results, threads = [None] * len(bases), []
    for index, base in enumerate(bases):
        lua = os.path.join(work, f"{tag}-{index}.lua")
        body, headers = REGISTRATION
        with open(lua, "w") as f:
            f.write(WRK_LUA.replace("BODY", body.replace("ROUND", f"{tag}{index}")).replace("HEADERS", headers))

        def one(index=index, base=base, lua=lua):
            results[index] = run_wrk(base + "/events/bench-registrations/registrations",
                                     max(1, connections // len(bases)), duration, ["-s", lua])
        threads.append(threading.Thread(target=one))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"rps": sum(r["rps"] for r in results), "p99": max(r["p99"] for r in results),
            "non2xx": sum(r["non2xx"] for r in results)}


def reads(bases, connections, duration):
    """wrk on the cached `GET /events?past=true` of each base in turn (not at once: one instance's rate each)."""
    return {label: run_wrk(base + "/events?past=true", connections, duration) for label, base in bases}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def follower_lag(writer, follower, samples):
    lags = []
    for index in range(samples):
        status, registration = call("POST", writer + "/events/bench-registrations/registrations",
                                    {"name": f"Lag {index}", "email": f"lag-{index}@example.org", "consent": True})
        assert status == 201, status
        acknowledged = time.monotonic()
        while call("GET", f"{follower}/registrations/{registration['id']}")[0] != 200:
            time.sleep(0.0002)
        lags.append((time.monotonic() - acknowledged) * 1000)
    return lags


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agora", default=AGORA)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "postgres.md"))
    parser.add_argument("--agora-bench", default=AGORA_BENCH)
    parser.add_argument("--registrations", type=int, default=1_000_000,
                        help="registrations in the database a new instance starts from")
    parser.add_argument("--rows-after", type=int, default=None,
                        help="commands after the latest snapshot in the 'snapshot + rows' case (default: a tenth)")
    parser.add_argument("--startup-rounds", type=int, default=3)
    parser.add_argument("--skip-startup", action="store_true", help="leave the start-up rows out")
    parser.add_argument("--startup-only", action="store_true", help="only the start-up rows (no reads, writes, lag)")
    parser.add_argument("--startup-before", default=None, metavar="AGORA",
                        help="another agora binary (the code before a change) started in turn with --agora in every "
                             "start-up round, on the same databases")
    parser.add_argument("--shared-buffers", default="128MB", help="PostgreSQL's shared_buffers (its default: 128MB)")
    args = parser.parse_args()
    if args.rows_after is None:
        args.rows_after = args.registrations // 10
    for tool in ("wrk", "psql"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} missing: apt-get install wrk postgresql")
    if args.startup_only and args.skip_startup:
        sys.exit("--startup-only and --skip-startup leave nothing to run")
    for binary in (args.agora, args.agora_bench) + ((args.startup_before,) if args.startup_before else ()):
        if not os.path.exists(binary):
            sys.exit(f"{binary} missing: run 'swift build -c release' (or 'make bench')")
    work = tempfile.mkdtemp(prefix="agora-pg-bench-")
    os.chmod(work, 0o755)
    procs, cluster = [], None
    try:
        cluster = Cluster(work, args.shared_buffers)
        if args.startup_only:
            write_report(args.out, [f"PostgreSQL: {cluster.settings()}", ""] + pg_startup.measure(args, work, cluster, TOKEN))
            return
        json_base = serve(args.agora, work, "json", None, procs)
        one_base = serve(args.agora, work, "pg-one", cluster.database("one"), procs)
        two_url = cluster.database("two")
        two_bases = [serve(args.agora, work, "pg-two-a", two_url, procs), serve(args.agora, work, "pg-two-b", two_url, procs)]
        for base in (json_base, one_base, two_bases[0]):
            create_event(base)
        setups = [("JSON data directory", [json_base]), ("PostgreSQL, one instance", [one_base]),
                  ("PostgreSQL, two instances", two_bases)]
        runs = {label: [] for label, _ in setups}
        read_setups = [("JSON data directory", json_base), ("PostgreSQL, one instance", one_base)]
        read_runs = {label: [] for label, _ in read_setups}
        for round_ in range(args.rounds):
            for label, r in reads(read_setups, args.connections, args.duration).items():
                read_runs[label].append(r)
                print(f"round {round_} reads {label:<22} {r['rps']:>9.0f}/s p99 {r['p99']:.2f} ms non-2xx {r['non2xx']}",
                      file=sys.stderr, flush=True)
            for label, bases in setups:
                r = rate(work, bases, args.connections, args.duration, f"r{round_}{len(runs[label])}{bases[0][-5:]}")
                runs[label].append(r)
                print(f"round {round_} {label:<28} {r['rps']:>9.0f}/s p99 {r['p99']:.2f} ms non-2xx {r['non2xx']}",
                      file=sys.stderr, flush=True)
        lags = follower_lag(two_bases[0], two_bases[1], args.samples)
        lines = [f"PostgreSQL: {cluster.settings()}", "",
                 f"| reads: cached GET /events?past=true ({args.connections} connections, median of {args.rounds}) | /s | "
                 f"p99 ms | non-2xx |", "|---|---:|---:|---:|"]
        for label, _ in read_setups:
            lines.append(f"| {label} | {statistics.median(r['rps'] for r in read_runs[label]):,.0f} | "
                         f"{statistics.median(r['p99'] for r in read_runs[label]):.2f} | "
                         f"{sum(r['non2xx'] for r in read_runs[label])} |")
        lines += ["", f"| durable registrations ({args.connections} connections, median of {args.rounds}, "
                 f"synchronous_commit on) | /s | p99 ms | non-2xx |", "|---|---:|---:|---:|"]
        for label, _ in setups:
            lines.append(f"| {label} | {statistics.median(r['rps'] for r in runs[label]):,.0f} | "
                         f"{statistics.median(r['p99'] for r in runs[label]):.2f} | "
                         f"{sum(r['non2xx'] for r in runs[label])} |")
        lines += ["", f"Follower lag (201 on one instance to 200 on the other, {args.samples} writes one at a time): "
                      f"p50 {percentile(lags, 0.5):.2f} ms, p99 {percentile(lags, 0.99):.2f} ms"]
        if not args.skip_startup:
            # The write instances are stopped first: the start-up is timed on an otherwise idle machine.
            stop(procs, timeout=30)
            procs.clear()
            lines += [""] + pg_startup.measure(args, work, cluster, TOKEN)
        write_report(args.out, lines)
    finally:
        stop(procs, timeout=30)
        if cluster:
            cluster.stop()


if __name__ == "__main__":
    main()
