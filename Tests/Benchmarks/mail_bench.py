"""Confirmation e-mails' cost (issue #12), against the release agora: the registration rate at --connections (wrk)
with mail on and off, in one run. Two servers with the same data (the seed event's copy with room for everyone):
one submitting to a local SMTP server (aiosmtpd from the venv, its Sink handler, no TLS:
`--mail-smtp-host 127.0.0.1 --mail-smtp-port PORT --no-mail-smtp-start-tls`), one without mail. Rounds
interleaved and their order alternated, so neither side always runs on a warmer machine; the median of --rounds.
Reported too: how many messages were owed at the end of the run (written to the outbox, not yet accepted by the
relay) — delivery runs behind the writes on its own thread and never holds them up.

    python3 Tests/Benchmarks/mail_bench.py [--rounds 3] [--duration 5] [--connections 64] [--agora PATH]
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.request

from bench_support import AGORA, ROOT, free_port, run_wrk, start, stop, wait_http, write_report
from api_bench import REGISTER_LUA  # the same new-person-per-request registrations as the API bench

TOKEN = "mail-bench-admin-token"
PYTHON = os.path.join(ROOT, ".venv", "bin", "python")


def call(method, url, body=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None, method=method,
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def pending(data_dir):
    """Messages in the outbox file not followed by their `done` record."""
    owed = set()
    path = os.path.join(data_dir, "mail.jsonl")
    if not os.path.exists(path):
        return 0
    for line in open(path, encoding="utf-8"):
        try:
            record = json.loads(line)
        except ValueError:
            continue
        key = (record.get("registration"), record.get("seq"))
        if record.get("op") == "enqueue":
            owed.add(key)
        elif record.get("op") == "done":
            owed.discard(key)
    return len(owed)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each with mail on and off")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--agora", default=AGORA, help="the binary (default the release build)")
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "mail.md"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk missing: run 'make bench' (it installs wrk from Debian's packages)")
    if not os.path.exists(args.agora):
        sys.exit(f"{args.agora} missing: run 'swift build -c release' (or 'make bench')")
    if not os.path.exists(PYTHON):
        sys.exit(f"{PYTHON} missing: run 'make venv' (aiosmtpd is in Tests/Contract/requirements.txt)")
    work = tempfile.mkdtemp(prefix="agora-mail-bench-")
    procs = []
    try:
        smtp_port = free_port()
        procs.append(start([PYTHON, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink", "-l", f"127.0.0.1:{smtp_port}"],
                           os.path.join(work, "smtp.log")))
        servers = {}
        for side, mail in (("mail on", ["--mail-smtp-host", "127.0.0.1", "--mail-smtp-port", str(smtp_port),
                                        "--no-mail-smtp-start-tls", "--mail-from", "bench@agora.example"]),
                           ("mail off", [])):
            port = free_port()
            data_dir = os.path.join(work, side.replace(" ", "-"))
            procs.append(start([args.agora, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data_dir,
                                "--registration-rate-per-minute", "0", "--log-level", "warning", *mail],
                               os.path.join(work, f"{side}.log"), env=dict(os.environ, AGORA_ADMIN_TOKEN=TOKEN)))
            servers[side] = (f"http://127.0.0.1:{port}", data_dir)
        seed = json.load(open(os.path.join(ROOT, "Config", "seed", "quattropole-2017.json")))
        event = seed["events"][0]
        event.update({"id": "bench-registrations", "startsAt": "2030-11-22T09:30:00+01:00",
                      "endsAt": "2030-11-22T17:00:00+01:00", "programme": [],
                      "registration": {"kind": "required", "capacity": 100000000}})
        for base, _ in servers.values():
            wait_http(base + "/readyz", timeout=60)
            call("POST", base + "/events", event)
        rates = {}
        for round_ in range(args.rounds):
            for side in (("mail on", "mail off") if round_ % 2 == 0 else ("mail off", "mail on")):
                base, _ = servers[side]
                lua = os.path.join(work, f"register-{round_}-{side[-2:]}.lua")
                with open(lua, "w") as f:
                    f.write(REGISTER_LUA.replace("ROUND", f"{round_}{side[-2:].strip()}"))
                r = run_wrk(base + "/events/bench-registrations/registrations", args.connections, args.duration, ["-s", lua])
                rates.setdefault(side, []).append(r)
                print(f"round {round_} {side:<8} registrations {r['rps']:>9.0f}/s p99 {r['p99']:.2f} ms "
                      f"non-2xx {r['non2xx']}", file=sys.stderr, flush=True)
        owed = pending(servers["mail on"][1])
        on, off = rates["mail on"], rates["mail off"]
        on_rps, off_rps = statistics.median(r["rps"] for r in on), statistics.median(r["rps"] for r in off)
        lines = [f"| registrations ({args.connections} connections, median of {args.rounds}) | mail off /s | mail on /s | "
                 "ratio | p99 ms off | p99 ms on | non-2xx | owed at the end |", "|---|---:|---:|---:|---:|---:|---:|---:|",
                 f"| registrations | {off_rps:,.0f} | {on_rps:,.0f} | {on_rps / off_rps:.2f} | "
                 f"{statistics.median(r['p99'] for r in off):.2f} | {statistics.median(r['p99'] for r in on):.2f} | "
                 f"{sum(r['non2xx'] for r in on + off)} | {owed} |"]
        write_report(args.out, lines)
    finally:
        stop(procs, timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
