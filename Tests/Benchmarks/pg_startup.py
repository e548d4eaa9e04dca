"""pg_bench.py's start-up rows (issue #15): how long a NEW instance takes from spawn to `/readyz` 200 on a PostgreSQL
database holding N registrations, and its peak RSS (VmHWM from /proc) at that moment, in two cases:

- snapshot + rows: the latest snapshot holds all but the last K commands, which are rows after it (what a running
  service has: instances snapshot every `snapshotEverySeconds` and the rows since then stay);
- rows alone: only the empty seed snapshot and every command as a row (no instance ever snapshotted, e.g. with
  `snapshotEverySeconds` 0): the worst case.

Seeding is fast on purpose (minutes for 1 000 000 on 2 cores, not the hours of a million HTTP requests): the commands
are written once as a journal by `agora-bench recovery-journal` (1 000 events x 50 slots and N registrations through
the store's public API, as in store-recovery-bench); `agora migrate` copies a data directory holding the first
S - K of them (the journal cut at a line, which is a valid journal) into PostgreSQL as its snapshot, and the rest go
in as rows with one COPY, byte for byte the journal's `command` field, which is what an instance would have inserted.
"""
import csv, os, shutil, statistics, subprocess, sys, time, urllib.request

from bench_support import free_port

COMMAND_KEY = b'","command":'


def journal_rows(journal, after, limit=None):
    """(sequence, command bytes) of every journal line after sequence `after` (up to `limit`, if given)."""
    with open(journal, "rb") as f:
        for line in f:
            # {"crc":"xxxxxxxx","seq":N,"time":"...","command":{...}}\n  (Sources/AgoraStore/JournalRecord.swift)
            start = line.index(b'"seq":', 18) + 6
            sequence = int(line[start:line.index(b",", start)])
            if limit is not None and sequence > limit:
                return
            if sequence > after:
                yield sequence, line[line.index(COMMAND_KEY, start) + len(COMMAND_KEY):-2]


def cut_journal(source, target, through):
    """A data directory with `source`'s snapshot and the first `through` journal records."""
    os.makedirs(target)
    shutil.copy(os.path.join(source, "snapshot.json"), target)
    with open(os.path.join(source, "journal.jsonl"), "rb") as f, open(os.path.join(target, "journal.jsonl"), "wb") as out:
        for count, line in enumerate(f):
            if count >= through:
                break
            out.write(line)


def copy_rows(url, journal, after):
    """COPY the journal's commands after `after` into agora_commands; returns how many."""
    psql = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", url, "-c",
                             "COPY agora_commands (sequence, command) FROM STDIN WITH (FORMAT csv)"],
                            stdin=subprocess.PIPE, text=True, encoding="utf-8")
    writer = csv.writer(psql.stdin, lineterminator="\n")
    count = 0
    for sequence, command in journal_rows(journal, after):
        writer.writerow((sequence, command.decode("utf-8")))
        count += 1
    psql.stdin.close()
    if psql.wait() != 0:
        raise RuntimeError("COPY into agora_commands failed")
    return count


def migrate(agora, directory, url):
    subprocess.run([agora, "migrate", "--data-dir", directory, "--to", url], check=True, stdout=subprocess.DEVNULL)


def query(url, sql):
    return subprocess.run(["psql", "-X", "-q", "-A", "-t", "-d", url, "-c", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


def seed(args, work, cluster):
    """Both databases; returns their URLs, the seeding figures and the total commands S."""
    journal_dir = os.path.join(work, "startup-journal")
    began = time.monotonic()
    subprocess.run([args.agora_bench, "recovery-journal", "--data-dir", journal_dir, "--records", str(args.registrations)],
                   check=True)
    figures = {"journal": time.monotonic() - began}
    journal = os.path.join(journal_dir, "journal.jsonl")
    total = sum(1 for _ in open(journal, "rb"))
    after = max(0, total - args.rows_after)

    began = time.monotonic()
    snapshot_dir = os.path.join(work, "startup-snapshot-source")
    cut_journal(journal_dir, snapshot_dir, after)
    with_snapshot = cluster.database("startup_snapshot")
    migrate(args.agora, snapshot_dir, with_snapshot)
    shutil.rmtree(snapshot_dir)
    figures["migrate"] = time.monotonic() - began
    began = time.monotonic()
    copied = copy_rows(with_snapshot, journal, after)
    figures["copy after"] = time.monotonic() - began
    assert copied == total - after, (copied, total, after)

    began = time.monotonic()
    seed_dir = os.path.join(work, "startup-seed-source")
    cut_journal(journal_dir, seed_dir, 0)
    rows_alone = cluster.database("startup_rows")
    migrate(args.agora, seed_dir, rows_alone)
    shutil.rmtree(seed_dir)
    copied = copy_rows(rows_alone, journal, 0)
    figures["copy all"] = time.monotonic() - began
    assert copied == total, (copied, total)
    shutil.rmtree(journal_dir)
    for url in (with_snapshot, rows_alone):
        query(url, "VACUUM ANALYZE")
        query(url, "CHECKPOINT")
    return {"snapshot + rows": with_snapshot, "rows alone": rows_alone}, figures, total, after


def proc_status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024
    return 0


def start_once(agora, work, url, tag, last_id, token):
    """Seconds from spawn to the first /readyz 200, and VmHWM / VmRSS in MiB then. SIGKILL after: no final snapshot,
    so the database is the same for the next round."""
    port = free_port()
    argv = [agora, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", os.path.join(work, tag),
            "--store", url, "--log-level", "warning"]
    log = open(os.path.join(work, tag + ".log"), "w")
    began = time.monotonic()
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, AGORA_ADMIN_TOKEN=token))
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{tag}: agora exited with {process.returncode} (see {log.name})")
            if time.monotonic() - began > 900:
                raise RuntimeError(f"{tag}: no /readyz 200 within 900 s")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as response:
                    if response.status == 200:
                        break
            except Exception:
                pass
            time.sleep(0.01)
        seconds = time.monotonic() - began
        peak, resident = proc_status(process.pid, "VmHWM"), proc_status(process.pid, "VmRSS")
        # It serves the last registration: it read the whole log, not a part.
        request = urllib.request.Request(f"http://127.0.0.1:{port}/registrations/{last_id}",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200, response.status
        return seconds, peak, resident
    finally:
        process.kill()
        process.wait()
        log.close()


def measure(args, work, cluster, token):
    """The report's lines for the start-up rows."""
    urls, figures, total, after = seed(args, work, cluster)
    last_id = f"r{args.registrations - 1}"
    lines = [f"| start-up of a new instance from PostgreSQL ({args.registrations:,} registrations, {total:,} commands; "
             f"median of {args.startup_rounds}) | to /readyz 200, s | peak RSS (VmHWM) | RSS | database |",
             "|---|---:|---:|---:|---:|"]
    # With --startup-before, each round starts that binary and then --agora, so both meet the same machine.
    binaries = [("", args.agora)]
    if args.startup_before:
        binaries = [("before: ", args.startup_before), ("after: ", args.agora)]
    for label, url in urls.items():
        runs = {name: [] for name, _ in binaries}
        for round_ in range(args.startup_rounds):
            for name, agora in binaries:
                tag = f"startup-{name[:-2] or 'agora'}-{label.replace(' ', '').replace('+', '-')}-{round_}"
                seconds, peak, resident = start_once(agora, work, url, tag, last_id, token)
                runs[name].append((seconds, peak, resident))
                print(f"start-up {name}{label:<16} round {round_}: {seconds:.2f} s, VmHWM {peak} MiB, VmRSS {resident} MiB",
                      file=sys.stderr, flush=True)
        rows = query(url, "SELECT count(*) FROM agora_commands")
        described = (f"{label}: snapshot at {after:,} + {int(rows):,} rows" if label == "snapshot + rows"
                     else f"{label}: seed snapshot + {int(rows):,} rows")
        size = query(url, 'SELECT pg_size_pretty(pg_database_size(current_database()))')
        for name, _ in binaries:
            lines.append(f"| {name}{described} | {statistics.median(r[0] for r in runs[name]):.2f} | "
                         f"{int(statistics.median(r[1] for r in runs[name])):,} MiB | "
                         f"{int(statistics.median(r[2] for r in runs[name])):,} MiB | {size} |")
    lines += ["", f"Seeding (not part of the start-up): journal written by agora-bench recovery-journal "
                  f"{figures['journal']:.1f} s; agora migrate of the first {after:,} commands {figures['migrate']:.1f} s, "
                  f"COPY of the {total - after:,} after them {figures['copy after']:.1f} s; seed snapshot + COPY of all "
                  f"{total:,} {figures['copy all']:.1f} s."]
    return lines
