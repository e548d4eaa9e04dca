#!/usr/bin/env python3
"""The REST API's contract checks (issue 4), run by `make contract-test` from the .venv the Makefile creates.

  contract.py openapi-json          regenerate Docs/openapi.json from Docs/openapi.yaml
  contract.py validate              the spec is valid OpenAPI 3.1 and Docs/openapi.json matches the YAML
  contract.py parity --agora BIN    the spec's (method, path) pairs are exactly the routes `agora routes` lists,
                                    less the ones Tests/Contract/pending-routes.txt names as not written yet
  contract.py live --agora BIN      start the real server (temp data dir, seeded, test admin token), wait for
                                    /readyz, run schemathesis with every check on each registered operation, run
                                    the recipes of Docs/admin.md, stop it with SIGTERM; then, on a fresh server,
                                    generate a client from the served /openapi.json with openapi-python-client and
                                    drive it (Tests/Contract/generated_client.py); any finding fails
  contract.py client --agora BIN    only the generated-client step
  contract.py all --agora BIN       validate, parity, live

Environment: CONTRACT_MAX_EXAMPLES (default 25 per operation), CONTRACT_SEED (default fixed, for reproducible CI runs),
CONTRACT_WORKERS (default 2).
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import re

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_YAML = ROOT / "Docs" / "openapi.yaml"
SPEC_JSON = ROOT / "Docs" / "openapi.json"
PENDING = Path(__file__).resolve().parent / "pending-routes.txt"
VENV_BIN = Path(sys.executable).parent
METHODS = ("get", "put", "post", "patch", "delete")
TEST_TOKEN = "contract-test-admin-token-0123456789abcdef"


def fail(message):
    print(f"contract: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def load_spec():
    with open(SPEC_YAML, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def render_json(spec):
    return json.dumps(spec, ensure_ascii=False, indent=2) + "\n"


def spec_operations(spec):
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item if method in METHODS}


def pending_routes():
    pending = set()
    if PENDING.exists():
        for line in PENDING.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                method, path = line.split()
                pending.add((method.upper(), path))
    return pending


def registered_routes(agora, data_dir):
    result = subprocess.run([agora, "routes", "--data-dir", data_dir, "--config", str(ROOT / "Config" / "agora.json")],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    if result.returncode != 0:
        fail(f"`agora routes` exited {result.returncode}: {result.stderr.strip()}")
    routes = set()
    for line in result.stdout.splitlines():
        if line.strip():
            method, pattern = line.split()
            if method not in ("HEAD", "OPTIONS"):
                routes.add((method, pattern))
    if not routes:
        fail("`agora routes` listed no routes")
    return routes


def command_openapi_json(_):
    SPEC_JSON.write_text(render_json(load_spec()), encoding="utf-8")
    print(f"contract: wrote {SPEC_JSON.relative_to(ROOT)}")


def command_validate(_):
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    document, _ = read_from_filename(str(SPEC_YAML))
    if not str(document.get("openapi", "")).startswith("3.1"):
        fail("Docs/openapi.yaml must be OpenAPI 3.1")
    try:
        validate(document)
    except Exception as error:  # the validator's own exception types vary by version
        fail(f"Docs/openapi.yaml is not valid OpenAPI: {error}")
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS and "operationId" not in operation:
                fail(f"{method.upper()} {path} has no operationId")
    examples = check_examples(document)
    check_write_members(document)
    if not SPEC_JSON.exists() or SPEC_JSON.read_text(encoding="utf-8") != render_json(document):
        fail("Docs/openapi.json is not Docs/openapi.yaml rendered as JSON: run `make openapi-json` and commit it")
    print(f"contract: Docs/openapi.yaml is valid OpenAPI {document['openapi']} "
          f"({len(spec_operations(document))} operations, {examples} examples valid); Docs/openapi.json matches")


def check_examples(spec):
    """Every example in the spec (request bodies, responses, parameters) is valid against its own schema, so the
    seed-data examples front-end developers copy are true to the contract."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resource("urn:agora-spec", Resource.from_contents(spec, default_specification=DRAFT202012))

    def resolve(node):
        while isinstance(node, dict) and "$ref" in node:
            target = spec
            for token in node["$ref"].lstrip("#/").split("/"):
                target = target[token.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    problems = []
    count = 0

    def check(where, holder):
        nonlocal count
        holder = resolve(holder)
        if "schema" not in holder:
            return
        examples = []
        if "example" in holder:
            examples.append(("example", holder["example"]))
        for name, example in (holder.get("examples") or {}).items():
            example = resolve(example)
            if "value" in example:
                examples.append((name, example["value"]))
        validator = Draft202012Validator(_rebase(holder["schema"]), registry=registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        for name, value in examples:
            count += 1
            for error in list(validator.iter_errors(value))[:3]:
                location = "/".join(str(part) for part in error.absolute_path)
                problems.append(f"{where} ({name}) at /{location}: {error.message[:200]}")

    for path, item in spec["paths"].items():
        for parameter in item.get("parameters", []):
            check(f"{path} parameter", parameter)
        for method, operation in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                check(f"{where} parameter {resolve(parameter).get('name')}", parameter)
            for media, content in (resolve(operation.get("requestBody", {})).get("content") or {}).items():
                check(f"{where} request {media}", content)
            for status, response in operation.get("responses", {}).items():
                for media, content in (resolve(response).get("content") or {}).items():
                    check(f"{where} {status} {media}", content)
    for name, schema in spec["components"]["schemas"].items():
        for index, example in enumerate(schema.get("examples", [])):
            count += 1
            for error in list(Draft202012Validator(_rebase(schema), registry=registry,
                                                   format_checker=Draft202012Validator.FORMAT_CHECKER)
                              .iter_errors(example))[:3]:
                problems.append(f"components/schemas/{name} example {index}: {error.message[:200]}")
    if problems:
        fail("examples that do not match their schema:\n  " + "\n  ".join(problems))
    return count


WRITE_INPUT = ROOT / "Sources" / "AgoraAPI" / "Writes" / "WriteInput.swift"
# The member sets WriteInput.swift accepts in a write, and the spec's schemas that must list exactly those members.
# A patch refuses any other member (both directions checked); a POST ignores unknown members, so its schema must only
# not lack any.
WRITE_MEMBER_SCHEMAS = {"eventMembers": [("EventPatch", True), ("NewEvent", False)],
                        "slotMembers": [("SlotPatch", True), ("NewSlot", False)],
                        "partnerMembers": [("PartnerPatch", True), ("NewPartner", False)]}


def schema_properties(spec, name):
    """The property names of a component schema, through `allOf` and local references."""
    schema = spec["components"]["schemas"][name]
    names = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        if "$ref" in part:
            names |= schema_properties(spec, part["$ref"].rsplit("/", 1)[-1])
        names |= set(part.get("properties", {}))
    return names


def check_write_members(spec):
    """Issue 10 item 6: a merge patch is refused (422) for any member outside WriteInput's lists, so the patch
    schemas must list exactly those members: one fewer and a generated client cannot send it, one more and it sends
    what the server refuses. Read from the Swift source, the one place the server keeps them."""
    source = WRITE_INPUT.read_text(encoding="utf-8")
    problems = []
    for variable, schemas in WRITE_MEMBER_SCHEMAS.items():
        match = re.search(r"static let " + variable + r": Set<String> = \[(.*?)\]", source, re.S)
        if not match:
            fail(f"{WRITE_INPUT.relative_to(ROOT)} has no `static let {variable}: Set<String> = [...]`")
        accepted = set(re.findall(r'"([^"]+)"', match.group(1)))
        for schema, exact in schemas:
            documented = schema_properties(spec, schema)
            for member in sorted(accepted - documented):
                problems.append(f"{schema} lacks `{member}`, which the server accepts (WriteInput.{variable})")
            for member in sorted(documented - accepted) if exact else []:
                problems.append(f"{schema} lists `{member}`, which the server refuses (not in WriteInput.{variable})")
    if problems:
        fail("write schemas and the server disagree:\n  " + "\n  ".join(problems))


def _rebase(schema):
    """The schema with its local references (#/components/...) pointed at the registered spec document."""
    if isinstance(schema, dict):
        return {key: (("urn:agora-spec" + value) if key == "$ref" and isinstance(value, str) and value.startswith("#")
                      else _rebase(value)) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_rebase(value) for value in schema]
    return schema


def parity(agora):
    spec = spec_operations(load_spec())
    pending = pending_routes()
    with tempfile.TemporaryDirectory(prefix="agora-routes-") as data_dir:
        routes = registered_routes(agora, data_dir)
    problems = []
    for method, path in sorted(routes - spec):
        problems.append(f"route {method} {path} is registered but missing from Docs/openapi.yaml")
    for method, path in sorted(spec - routes - pending):
        problems.append(f"Docs/openapi.yaml documents {method} {path} but the server registers no such route")
    for method, path in sorted(pending & routes):
        problems.append(f"{method} {path} is registered now: remove it from {PENDING.name}")
    for method, path in sorted(pending - spec):
        problems.append(f"{PENDING.name} names {method} {path}, which Docs/openapi.yaml does not document")
    if problems:
        fail("route/spec parity:\n  " + "\n  ".join(problems))
    print(f"contract: routes and spec agree ({len(routes)} registered"
          + (f", {len(pending)} documented but pending: {PENDING.name}" if pending else "") + ")")
    return routes, pending


def command_parity(arguments):
    parity(arguments.agora)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """The real `agora serve` on a free port with a seeded temp data dir and a test admin token."""

    def __init__(self, agora, work, config=None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.data_dir = os.path.join(work, "data")
        self.log_path = os.path.join(work, "server.log")
        self.environment = dict(os.environ, AGORA_ADMIN_TOKEN=TEST_TOKEN)
        self.command = [agora, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--data-dir", self.data_dir,
                        "--config", config or str(ROOT / "Config" / "agora.json"), "--log-level", "warning"]
        self.process = None

    def start(self):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.environment, stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"the server exited {self.process.returncode} while starting:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"{self.base}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.05)  # polling /readyz: the condition itself, not a guess at how long start-up takes
        self.process.kill()
        fail(f"the server was not ready within 60 s:\n{self.tail()}")

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            fail(f"the server did not exit within 30 s of SIGTERM:\n{self.tail()}")
        self.log.close()
        return status

    def tail(self, lines=40):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as handle:
                return "".join(handle.readlines()[-lines:])
        except OSError:
            return ""


def live_spec(routes, work):
    """The spec restricted to the operations the server registers (all of them once nothing is pending)."""
    spec = load_spec()
    for path in list(spec["paths"]):
        item = spec["paths"][path]
        for method in [m for m in item if m in METHODS]:
            if (method.upper(), path) not in routes:
                del item[method]
        if not any(m in METHODS for m in item):
            del spec["paths"][path]
    target = os.path.join(work, "openapi.live.json")
    with open(target, "w", encoding="utf-8") as handle:
        json.dump(spec, handle, ensure_ascii=False)
    return target


def run_schemathesis(spec_path, server, work):
    examples = os.environ.get("CONTRACT_MAX_EXAMPLES", "25")
    seed = os.environ.get("CONTRACT_SEED", "20251120")
    # One worker by default: with two threads, schemathesis on this Python (3.11.7) once died inside the interpreter
    # ("SystemError: AST constructor recursion depth mismatch", a KeyError in linecache), a CPython threading bug
    # and not a finding about the server. CONTRACT_WORKERS=2 is faster where the interpreter is fixed.
    workers = os.environ.get("CONTRACT_WORKERS", "1")
    command = [str(VENV_BIN / "schemathesis"), "--config-file", str(Path(__file__).resolve().parent / "schemathesis.toml"),
               "--no-color", "run", spec_path, "--url", server.base,
               "--checks", "all", "--max-examples", examples, "--seed", seed, "--workers", workers,
               "--header", f"Authorization: Bearer {TEST_TOKEN}",
               "--request-timeout", "10", "--max-response-time", "10",
               "--suppress-health-check", "too_slow",
               "--report", "junit", "--report-dir", os.path.join(work, "schemathesis-report"),
               "--output-truncate", "false"]
    # Known server bugs, each reported (Tests/Contract/known-findings.md): accepted until fixed, so only new
    # findings fail. CONTRACT_BASELINE_UPDATE=1 records this run's findings into it.
    baseline = Path(__file__).resolve().parent / "known-findings.json"
    if baseline.exists() or os.environ.get("CONTRACT_BASELINE_UPDATE"):
        command += ["--baseline", str(baseline)]
    if os.environ.get("CONTRACT_BASELINE_UPDATE"):
        command += ["--baseline-update"]
    if os.environ.get("CONTRACT_ONLY"):
        command += ["--include-name", os.environ["CONTRACT_ONLY"]]
    print("contract: " + " ".join(command[:5]) + f" (seed {seed}, {examples} examples per operation)", flush=True)
    started = time.monotonic()
    result = subprocess.run(command, cwd=work, env=dict(os.environ, SCHEMATHESIS_TELEMETRY="false"),
                            stdin=subprocess.DEVNULL, timeout=600)
    print(f"contract: schemathesis took {time.monotonic() - started:.0f} s", flush=True)
    return result.returncode


def command_live(arguments, routes=None, pending=None):
    if routes is None:
        routes, pending = parity(arguments.agora)
    with tempfile.TemporaryDirectory(prefix="agora-contract-") as work:
        server = Server(arguments.agora, work)
        server.start()
        failures = []
        try:
            if run_schemathesis(live_spec(routes, work), server, work) != 0:
                failures.append("schemathesis found problems (above)")
            if server.process.poll() is not None:
                failures.append(f"the server died during the run:\n{server.tail()}")
        finally:
            status = server.stop()
        if status != 0:
            failures.append(f"the server exited {status} after SIGTERM (expected 0):\n{server.tail()}")
        if failures:
            fail("\n".join(failures))
    print("contract: schemathesis passed")
    recipes = Path(__file__).resolve().parent / "admin_recipes.py"
    if subprocess.run([sys.executable, str(recipes), "--agora", arguments.agora], cwd=ROOT,
                      stdin=subprocess.DEVNULL, timeout=600).returncode != 0:
        fail("a recipe of Docs/admin.md failed (above)")
    command_client(arguments)


def command_client(arguments):
    """The generated-client step on a fresh seeded server (schemathesis's writes are not in its way)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import generated_client

    with tempfile.TemporaryDirectory(prefix="agora-client-") as work:
        server = Server(arguments.agora, work)
        server.start()
        try:
            def restart():
                status = server.stop()
                if status != 0:
                    fail(f"the server exited {status} after SIGTERM (expected 0):\n{server.tail()}")
                server.start()
            generated_client.run(server.base, TEST_TOKEN, work, VENV_BIN, restart)
            if server.process.poll() is not None:
                fail(f"the server died during the generated-client step:\n{server.tail()}")
        finally:
            status = server.stop()
        if status != 0:
            fail(f"the server exited {status} after SIGTERM (expected 0):\n{server.tail()}")


def command_all(arguments):
    command_validate(arguments)
    routes, pending = parity(arguments.agora)
    command_live(arguments, routes, pending)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["openapi-json", "validate", "parity", "live", "client", "all"])
    parser.add_argument("--agora", default=str(ROOT / ".build" / "debug" / "agora"))
    arguments = parser.parse_args()
    {"openapi-json": command_openapi_json, "validate": command_validate, "parity": command_parity,
     "live": command_live, "client": command_client, "all": command_all}[arguments.command](arguments)


if __name__ == "__main__":
    main()
