#!/usr/bin/env python3
"""Snapshot policy benchmark (issue 13 item 5): the durable POST rate round after round, with the size policy (the
default: snapshot when the journal reaches snapshotJournalPercent % of the last snapshot, at least
snapshotJournalMinBytes) against the old default (a snapshot every 10 000 commands), in one run.

For each policy a fresh `agora serve` (release build) on its own data directory gets an event open for registration,
then N rounds of wrk POST /events/{id}/registrations (a new person per request). A fixed-count policy re-encodes the
whole state every 10 000 commands however large it grew, so its rate falls round by round; the size policy's snapshot
work stays proportional to the bytes written, so its rate should hold. Prints the rate of every round; the table goes to
.build/bench/snapshot-policy.md.

Usage: snapshot_policy_bench.py [--duration S] [--rounds N] [--connections C]
"""
import argparse, json, os, shutil, sys, tempfile

from bench_support import AGORA, ROOT, free_port, require_tools, run_wrk, start, stop, wait_http, write_report
from api_bench import REGISTER_LUA, http

POLICIES = [
    ("size (default: journal ≥ 100 % of snapshot, ≥ 16 MiB)", []),
    ("count (old default: every 10 000 commands)", ["--snapshot-every-commands", "10000", "--snapshot-journal-percent", "0"]),
]


def run_policy(work, name, flags, args):
    token = "bench-admin-token-" + os.urandom(8).hex()
    port = free_port()
    data = os.path.join(work, f"data-{len(os.listdir(work))}")
    log = os.path.join(work, f"agora-{port}.log")
    agora = start([AGORA, "serve", "--port", str(port), "--data-dir", data, "--registration-rate-per-minute", "0",
                   "--log-level", "warning"] + flags, log, env=dict(os.environ, AGORA_ADMIN_TOKEN=token), cwd=ROOT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/readyz")
        seed = json.load(open(os.path.join(ROOT, "Config", "seed", "quattropole-2017.json")))
        event = seed["events"][0]
        event.update({"id": "bench-registrations", "startsAt": "2030-11-22T09:30:00+01:00",
                      "endsAt": "2030-11-22T17:00:00+01:00", "programme": [],
                      "registration": {"kind": "required", "capacity": 100000000}})
        status, _, body = http("POST", base + "/events", json.dumps(event).encode(),
                               {"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        assert status == 201, (status, body)
        rounds = []
        for round_ in range(args.rounds):
            lua = os.path.join(work, f"register-{port}-{round_}.lua")
            with open(lua, "w") as f:
                f.write(REGISTER_LUA.replace("ROUND", f"{port}-{round_}"))
            r = run_wrk(f"{base}/events/bench-registrations/registrations", args.connections, args.duration, ["-s", lua])
            rounds.append(r)
            print(f"{name:<58} round {round_ + 1}: {r['rps']:>9.0f} POST/s p99 {r['p99']:.2f} ms non-2xx {r['non2xx']}",
                  file=sys.stderr, flush=True)
        return rounds
    finally:
        stop([agora], timeout=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "bench", "snapshot-policy.md"))
    args = parser.parse_args()
    require_tools("wrk")
    work = tempfile.mkdtemp(prefix="agora-snapshotbench-")
    try:
        results = [(name, run_policy(work, name, flags, args)) for name, flags in POLICIES]
        header = "| policy | " + " | ".join(f"round {i + 1} POST/s" for i in range(args.rounds)) + " | non-2xx |"
        lines = [header, "|---|" + "---:|" * (args.rounds + 1)]
        for name, rounds in results:
            lines.append(f"| {name} | " + " | ".join(f"{r['rps']:,.0f}" for r in rounds)
                         + f" | {sum(r['non2xx'] for r in rounds)} |")
        lines.append("")
        lines.append(f"{args.connections} connections, {args.duration} s per round, every 201 after fsync; "
                     "a fresh server and data directory per policy.")
        write_report(args.out, lines)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
