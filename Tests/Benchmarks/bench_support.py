"""What the three bench scripts share: the binaries, free ports, waiting for a server, nginx (config, start, its
worker pids), wrk runs and their parsing, RSS and load figures, stopping what was started, the report file.

engine_bench.py and tls_bench.py start `agora-bench serve` (the engine alone with the fixed ~12 KiB body at
/bench/static); api_bench.py starts `agora serve`. Both binaries come from `swift build -c release`. engine_bench.py and
api_bench.py also run a Hummingbird 2 peer (`hummingbird_peer`): a package of its own, outside Agora's, built here.
"""
import os, re, shutil, signal, socket, ssl, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AGORA = os.path.join(ROOT, ".build", "release", "agora")
AGORA_BENCH = os.path.join(ROOT, ".build", "release", "agora-bench")


def require_tools(*tools):
    """Exits with a hint when wrk, nginx or openssl is missing (`make bench` installs them)."""
    for tool in tools:
        if tool == "nginx":
            if not os.path.exists(nginx_binary()):
                sys.exit("nginx missing: run 'make bench' (it installs wrk and nginx from Debian's packages)")
        elif shutil.which(tool) is None:
            sys.exit(f"{tool} missing: run 'make bench' (it installs wrk and nginx from Debian's packages)")
    for binary in (AGORA, AGORA_BENCH):
        if not os.path.exists(binary):
            sys.exit(f"{binary} missing: run 'swift build -c release' (or 'make bench')")


HUMMINGBIRD_DIR = os.path.join(ROOT, ".build", "hummingbird-peer")
HUMMINGBIRD_MAIN = os.path.join(ROOT, "Tests", "Benchmarks", "HummingbirdPeer", "main.swift")
# Hummingbird's default traits pull in swift-configuration and full Foundation; the peer needs neither.
HUMMINGBIRD_PACKAGE = """// swift-tools-version:6.1
// Written by Tests/Benchmarks/bench_support.py: the Hummingbird 2 peer of the benchmarks, never part of Agora.
import PackageDescription

let package = Package(
    name: "HummingbirdPeer",
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.0.0", traits: []),
    ],
    targets: [
        .executableTarget(name: "HummingbirdPeer", dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
                          path: "Sources/HummingbirdPeer"),
    ]
)
"""


def hummingbird_peer():
    """Builds the Hummingbird 2 peer (Tests/Benchmarks/HummingbirdPeer/main.swift in a package written to
    .build/hummingbird-peer, release) and returns its binary; nil, with the reason on stderr, when it cannot be built
    (no network and no mirror of the package). A second call only rebuilds what changed."""
    sources = os.path.join(HUMMINGBIRD_DIR, "Sources", "HummingbirdPeer")
    os.makedirs(sources, exist_ok=True)
    for path, text in ((os.path.join(HUMMINGBIRD_DIR, "Package.swift"), HUMMINGBIRD_PACKAGE),
                       (os.path.join(sources, "main.swift"), open(HUMMINGBIRD_MAIN).read())):
        if not os.path.exists(path) or open(path).read() != text:
            with open(path, "w") as f:
                f.write(text)
    print("building the Hummingbird peer (first time: several minutes)...", file=sys.stderr, flush=True)
    build = subprocess.run(["swift", "build", "-c", "release", "--package-path", HUMMINGBIRD_DIR],
                           capture_output=True, text=True)
    if build.returncode != 0:
        print(f"Hummingbird peer not built, skipped:\n{build.stdout[-2000:]}{build.stderr[-2000:]}", file=sys.stderr)
        return None
    return os.path.join(HUMMINGBIRD_DIR, ".build", "release", "HummingbirdPeer")


def start_hummingbird(binary, port, root, log_path):
    """The Hummingbird peer serving every file under `root` at its relative path (like `start_nginx`)."""
    return start([binary, "--port", str(port), "--root", root], log_path)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tls_context(certificate):
    """Trusts `certificate` only; it names localhost while the scripts connect to 127.0.0.1."""
    context = ssl.create_default_context(cafile=certificate)
    context.check_hostname = False
    return context


def wait_http(url, timeout=20, context=None):
    """Polls `url` until it answers 2xx; returns the body. `context` (tls_context) for https."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1, context=context) as r:
                return r.read()
        except Exception:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer")


def start(argv, log_path, **popen):
    """Starts a server with stdout and stderr in `log_path`."""
    log = open(log_path, "w")
    return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, **popen)


def stop(procs, timeout=15):
    """SIGTERM to every process (a graceful drain), then waits; SIGKILL for one that does not exit in time."""
    for p in procs:
        p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()


def static_site(work, files):
    """A document root for nginx under `work`: {relative path: bytes}. Returns its path."""
    www = os.path.join(work, "www")
    for name, body in files.items():
        path = os.path.join(www, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(body)
    return www


def nginx_binary():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def start_nginx(work, port, root, tls=""):
    """nginx with its own config in `work`: 2 workers, access_log off, keep-alive without a request cap, every file
    served as application/json. `tls`: extra directives for the server block (`listen ... ssl` is added for them)."""
    listen = f"127.0.0.1:{port}" + (" ssl" if tls else "")
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
    listen {listen};
{tls}    root {root};
    location / {{ default_type application/json; }}
  }}
}}
""")
    return subprocess.Popen([nginx_binary(), "-c", conf], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def process_tree(pid):
    """`pid` and its children (nginx's master and workers)."""
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid] + [int(c) for c in children]


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


def load_average():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def parse_latency(text):
    """wrk's latency ("812.00us", "1.23ms", "2.01s") in milliseconds."""
    for unit, scale in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * scale
    return float(text)


def run_wrk(url, connections, duration, extra=()):
    """One wrk run (at most 2 threads, --latency); req/s, p50 and p99 in ms, non-2xx/3xx count, socket errors."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--latency", *extra, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_latency(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_latency(re.search(r"\s99%\s+(\S+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50": p50, "p99": p99, "non2xx": int(errors.group(1)) if errors else 0,
            "socket_errors": socket_errors.group(1).strip() if socket_errors else ""}


def write_report(path, lines):
    """Writes the Markdown table to `path` and prints it."""
    report = "\n".join(lines)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(report + "\n")
    print(report)
